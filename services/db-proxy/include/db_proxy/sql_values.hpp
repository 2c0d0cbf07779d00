#pragma once
// Values in the text form PostgreSQL reads: array literals for unnest() bulk statements and
// numbers in their shortest exact decimal form.

#include <string>
#include <string_view>
#include <vector>

namespace cambio::db_proxy {

// {"a","b"} as the array literal `{"a","b"}`, each element quoted and escaped.
std::string pg_array(const std::vector<std::string>& elements);

// The shortest decimal text that reads back as `value` ("1.0876", not "1.08759999999999990").
std::string decimal_text(double value);

// A numeric column's text ("1.0876") as a double; throws std::invalid_argument on anything else.
double parse_decimal(std::string_view text);

}  // namespace cambio::db_proxy
