#include "rates/providers/ecb_csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <system_error>

#include "ecb_csv_table.hpp"

namespace cambio::rates {
namespace {

// The whole file in one read: it is small (2 MB) and parsing views into it avoids a copy per line.
std::string read_file(const std::string& path) {
  const auto unavailable = [&](int error) {
    return provider_error(
        provider_failure::unavailable,
        "ecb-csv: cannot read " + path + ": " + std::generic_category().message(error));
  };
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw unavailable(errno);
  std::string text;
  if (std::fseek(file, 0, SEEK_END) == 0) {
    if (const auto size = std::ftell(file); size > 0) text.reserve(static_cast<std::size_t>(size));
    std::rewind(file);
  }
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  const int error = std::ferror(file) != 0 ? errno : 0;
  std::fclose(file);
  if (error != 0) throw unavailable(error);
  return text;
}

}  // namespace

struct ecb_csv::table : detail::ecb_table {};

namespace {

rate_set set_of(const detail::ecb_table& t, std::size_t row) {
  rate_set set{"ecb-csv", t.dates[row], "EUR", {}};
  const double* rates = t.row(row);
  for (std::size_t c = 0; c < t.currencies.size(); ++c) {
    if (!std::isnan(rates[c])) set.rates.emplace(t.currencies[c], rates[c]);
  }
  return set;
}

}  // namespace

ecb_csv::ecb_csv(ecb_csv_settings settings) : path_(std::move(settings.path)) {}
ecb_csv::~ecb_csv() = default;

const ecb_csv::table& ecb_csv::loaded() {
  const std::lock_guard lock(load_mutex_);
  if (!table_) {
    auto parsed = detail::parse_ecb_csv(read_file(path_), path_);
    table_ = std::make_unique<const table>(table{std::move(parsed)});
  }
  return *table_;
}

rate_set ecb_csv::latest(deadline) {
  const auto& t = loaded();
  // A newest row that is all N/A would be no publication: the newest row with a rate counts.
  for (auto row = t.dates.size(); row-- > 0;) {
    auto set = set_of(t, row);
    if (!set.rates.empty()) return set;
  }
  throw provider_error(provider_failure::bad_response, "ecb-csv: " + path_ + " holds no rates");
}

std::vector<rate_set> ecb_csv::range(cambio::date from, cambio::date to, deadline) {
  const auto& t = loaded();
  std::vector<rate_set> out;
  const auto first = std::lower_bound(t.dates.begin(), t.dates.end(), from);
  for (auto it = first; it != t.dates.end() && *it <= to; ++it) {
    auto set = set_of(t, static_cast<std::size_t>(it - t.dates.begin()));
    if (!set.rates.empty()) out.push_back(std::move(set));
  }
  return out;
}

}  // namespace cambio::rates
