#include "home_page.hpp"

#include <string_view>

#include "html.hpp"

namespace cambio::frontend {
namespace {

std::string state_of(const backend_status& b) {
  if (!b.available) return "unavailable";
  return b.healthy ? "available" : "degraded";
}

std::string status_row(const backend_status& b) {
  const auto state = state_of(b);
  return "      <tr class=\"" + state + "\"><td>" + escape_html(b.service) + "</td><td>" + state +
         "</td><td>" + escape_html(b.detail) + "</td></tr>\n";
}

constexpr std::string_view k_head = R"(<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Cambio</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }
    table { border-collapse: collapse; width: 100%; }
    td, th { text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid #ddd; }
    .available td:nth-child(2) { color: #1a7f37; }
    .degraded td:nth-child(2) { color: #9a6700; }
    .unavailable td:nth-child(2) { color: #cf222e; }
  </style>
</head>
<body>
  <h1>Cambio</h1>
  <p>Currency rates, alerts and a multi-currency wallet. The platform is being built:
     accounts, rates, alerts and the wallet arrive here one by one.</p>
  <nav><a href="/rates">Exchange rates</a>: today's reference rates, a converter and charts.</nav>
  <section>
    <h2>Status</h2>
    <table>
      <tr><th>Service</th><th>State</th><th>Detail</th></tr>
)";

constexpr std::string_view k_tail = R"(    </table>
  </section>
</body>
</html>
)";

}  // namespace

std::string render_home_page(const std::vector<backend_status>& backends) {
  std::string page(k_head);
  for (const auto& b : backends) page += status_row(b);
  page += k_tail;
  return page;
}

}  // namespace cambio::frontend
