#include "ecb_csv_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "rates/provider.hpp"

namespace cambio::rates::detail {
namespace {

constexpr double k_no_rate = std::numeric_limits<double>::quiet_NaN();

// Splits `line` at commas into `fields` (reused across lines to keep the loop allocation-free).
void split(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  for (;;) {
    const auto comma = line.find(',');
    fields.push_back(line.substr(0, comma));
    if (comma == std::string_view::npos) return;
    line.remove_prefix(comma + 1);
  }
}

// In place: the history is 2 MB of rates, and a copy would cost more than the parse.
void reverse_rows(ecb_table& table) {
  const auto width = static_cast<std::ptrdiff_t>(table.currencies.size());
  auto front = table.rates.begin();
  auto back = table.rates.end();
  while (back - front > width) {
    back -= width;
    std::swap_ranges(front, front + width, back);
    front += width;
  }
  std::reverse(table.dates.begin(), table.dates.end());
}

class parser {
 public:
  parser(std::string_view text, std::string_view path) : text_(text), path_(path) {}

  ecb_table run() {
    std::string_view line;
    while (next_line(line) && line.empty()) {
    }
    header(line);
    // One allocation for the whole table instead of a dozen doublings of a 2 MB array.
    const auto lines = static_cast<std::size_t>(std::count(text_.begin(), text_.end(), '\n')) + 1;
    table_.dates.reserve(lines);
    table_.rates.reserve(lines * table_.currencies.size());
    while (next_line(line)) {
      if (!line.empty()) data_row(line);
    }
    // The ECB lists the newest day first; callers want the oldest first.
    reverse_rows(table_);
    return std::move(table_);
  }

 private:
  bool next_line(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const auto end = std::min(text_.find('\n', pos_), text_.size());
    line = text_.substr(pos_, end - pos_);
    if (line.ends_with('\r')) line.remove_suffix(1);
    pos_ = end + 1;
    ++line_number_;
    return true;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw provider_error(
        provider_failure::bad_response,
        "ecb-csv: " + std::string(path_) + ":" + std::to_string(line_number_) + ": " + what);
  }

  // The header's trailing comma makes an empty last field; rows carry it too (or may not).
  void drop_trailing_empty() {
    if (fields_.size() > table_.currencies.size() + 1 && fields_.back().empty()) fields_.pop_back();
  }

  void header(std::string_view line) {
    if (line_number_ == 0) fail("the file is empty");
    split(line, fields_);
    if (fields_.front() != "Date") fail("the header does not start with 'Date'");
    while (fields_.size() > 1 && fields_.back().empty()) fields_.pop_back();
    for (std::size_t i = 1; i < fields_.size(); ++i) {
      if (fields_[i].empty()) fail("header column " + std::to_string(i + 1) + " has no name");
      if (std::find(table_.currencies.begin(), table_.currencies.end(), fields_[i]) !=
          table_.currencies.end()) {
        fail("the header names " + std::string(fields_[i]) + " twice");
      }
      table_.currencies.emplace_back(fields_[i]);
    }
    if (table_.currencies.empty()) fail("the header names no currency");
  }

  void data_row(std::string_view line) {
    split(line, fields_);
    drop_trailing_empty();
    if (fields_.size() != table_.currencies.size() + 1) {
      fail(std::to_string(fields_.size()) + " fields where the header has " +
           std::to_string(table_.currencies.size() + 1));
    }
    const auto date = parse_iso_date(fields_[0]);
    if (!date) fail("'" + std::string(fields_[0]) + "' is not a date");
    if (!table_.dates.empty() && *date >= table_.dates.back()) {
      fail(std::string(fields_[0]) + " is not earlier than the row above (newest first)");
    }
    table_.dates.push_back(*date);
    for (std::size_t i = 1; i < fields_.size(); ++i) table_.rates.push_back(rate(i));
  }

  double rate(std::size_t column) const {
    const auto field = fields_[column];
    if (field.empty() || field == "N/A") return k_no_rate;
    double value = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc{} || end != field.data() + field.size() || !std::isfinite(value) ||
        value <= 0) {
      fail(table_.currencies[column - 1] + " '" + std::string(field) + "' is not a positive rate");
    }
    return value;
  }

  std::string_view text_;
  std::string_view path_;
  std::size_t pos_ = 0;
  int line_number_ = 0;
  std::vector<std::string_view> fields_;
  ecb_table table_;
};

}  // namespace

ecb_table parse_ecb_csv(std::string_view text, std::string_view path) {
  return parser(text, path).run();
}

}  // namespace cambio::rates::detail
