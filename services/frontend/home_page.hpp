#pragma once
// The home page: what Cambio is, and which backend services answer right now.

#include <string>
#include <vector>

#include "backend_status.hpp"
#include "page_layout.hpp"

namespace cambio::frontend {

// A complete HTML document (templates/home.mustache in the layout).
std::string render_home_page(const page_frame& frame, const std::vector<backend_status>& backends);
// The same for an anonymous visitor.
std::string render_home_page(const std::vector<backend_status>& backends);

}  // namespace cambio::frontend
