#include "cambio/currency.hpp"

#include <algorithm>

#include "iso4217_table.hpp"

namespace cambio::currency {

const info* find(std::string_view code) {
  const auto& table = all();
  const auto it = std::lower_bound(table.begin(), table.end(), code,
                                   [](const info& i, std::string_view c) { return i.code < c; });
  return it != table.end() && it->code == code ? &*it : nullptr;
}

bool is_active(std::string_view code) {
  const auto* i = find(code);
  return i != nullptr && i->active();
}

std::optional<std::string> problem(std::string_view code) {
  const auto* i = find(code);
  if (i == nullptr) return "unknown currency '" + std::string(code) + "'";
  if (i->active()) return std::nullopt;
  return std::string(code) + " is retired (replaced by " + std::string(i->replaced_by) + " on " +
         std::string(i->retired_on) + ")";
}

const std::vector<const info*>& active() {
  static const std::vector<const info*> list = [] {
    std::vector<const info*> out;
    for (const auto& i : all()) {
      if (i.active()) out.push_back(&i);
    }
    return out;
  }();
  return list;
}

}  // namespace cambio::currency
