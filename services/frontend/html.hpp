#pragma once
// Small helpers for the HTML the frontend renders by hand (until templates arrive): every piece of
// text or attribute value that is not a literal of ours goes through escape_html.

#include <string>
#include <string_view>

namespace cambio::frontend {

// `text` safe inside an element or a quoted attribute value: & < > " ' escaped.
std::string escape_html(std::string_view text);

}  // namespace cambio::frontend
