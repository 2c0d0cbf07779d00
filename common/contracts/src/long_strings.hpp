#pragma once
// A guard in front of valijson: it checks `pattern` (and the date/time `format`s) with std::regex,
// whose matcher recurses once per character, so one string of about 100 KB overflows the stack and
// kills the process — any service, from one oversized request. Strings longer than
// k_max_regex_input that the schema constrains with a pattern or a format are refused here, before
// valijson sees them. Every such field of ours is short (codes, dates, hashes, e-mail addresses):
// the limit only ever refuses garbage.

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "violation_text.hpp"

namespace cambio::contracts::detail {

inline constexpr std::size_t k_max_regex_input = 4096;

// The strings of `message` longer than k_max_regex_input under a `pattern` or `format` of `schema`
// (the whole schema document: local "$ref"s are followed; under allOf/anyOf/oneOf every branch
// counts, conservatively).
std::vector<violation> overlong_regex_inputs(const nlohmann::json& schema,
                                             const nlohmann::json& message);

}  // namespace cambio::contracts::detail
