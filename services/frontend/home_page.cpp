#include "home_page.hpp"

namespace cambio::frontend {
namespace {

std::string state_of(const backend_status& b) {
  if (!b.available) return "unavailable";
  return b.healthy ? "available" : "degraded";
}

}  // namespace

std::string render_home_page(const page_frame& frame, const std::vector<backend_status>& backends) {
  kainjow::mustache::list rows;
  for (const auto& b : backends) {
    template_data row;
    row.set("state", state_of(b));
    row.set("service", b.service);
    row.set("detail", b.detail);
    rows.push_back(row);
  }
  template_data d;
  d.set("backends", rows);
  auto f = frame;
  f.title = "";
  f.current = "/";
  return render_page(f, "home", d);
}

std::string render_home_page(const std::vector<backend_status>& backends) {
  return render_home_page(page_frame{}, backends);
}

}  // namespace cambio::frontend
