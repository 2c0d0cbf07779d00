#include <regex>

#include <catch2/catch.hpp>

#include "rates/history_chart.hpp"
#include "rates/number_format.hpp"

using namespace cambio::frontend;

namespace {

struct xy {
  double x, y;
};

// The coordinates of the chart's polyline.
std::vector<xy> polyline_of(const std::string& svg) {
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, std::regex("<polyline[^>]* points=\"([^\"]*)\"")));
  std::vector<xy> out;
  const std::string points = m[1];
  const std::regex pair("(-?[0-9.]+),(-?[0-9.]+)");
  for (auto it = std::sregex_iterator(points.begin(), points.end(), pair);
       it != std::sregex_iterator(); ++it) {
    out.push_back({std::stod((*it)[1]), std::stod((*it)[2])});
  }
  return out;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("history chart: the points scaled inside the plot box, lowest at the bottom") {
  const std::vector<chart_point> points = {{"2024-01-02", 1.0956},
                                           {"2024-01-03", 1.0919},
                                           {"2024-01-04", 1.0953},
                                           {"2024-01-05", 1.0921}};
  const auto svg = render_history_svg(points, 600, 200);
  const auto box = plot_area(points, 600, 200);
  CHECK_THAT(svg, Catch::StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"") &&
                      Catch::Contains("viewBox=\"0 0 600 200\"") && Catch::EndsWith("</svg>"));
  const auto line = polyline_of(svg);
  REQUIRE(line.size() == 4);
  for (const auto& p : line) {
    CHECK(p.x >= box.left - 0.05);
    CHECK(p.x <= box.right + 0.05);
    CHECK(p.y >= box.top - 0.05);
    CHECK(p.y <= box.bottom + 0.05);
  }
  CHECK(line.front().x == Approx(box.left).margin(0.05));
  CHECK(line.back().x == Approx(box.right).margin(0.05));
  CHECK(line[0].y == Approx(box.top).margin(0.05));     // the highest
  CHECK(line[1].y == Approx(box.bottom).margin(0.05));  // the lowest
  CHECK(line[2].y < line[3].y);                         // higher value, higher on screen
  // Evenly spaced.
  CHECK(line[1].x - line[0].x == Approx(line[2].x - line[1].x).margin(0.1));
}

TEST_CASE("history chart: axes, min and max, first and last dates") {
  const auto svg = render_history_svg(
      {{"2024-01-02", 1.0956}, {"2024-01-03", 1.0919}, {"2024-01-31", 1.0837}}, 600, 200);
  CHECK_THAT(svg, Catch::Contains("class=\"axis\""));
  CHECK_THAT(svg, Catch::Contains("class=\"max\"") && Catch::Contains(">1.0956</text>"));
  CHECK_THAT(svg, Catch::Contains("class=\"min\"") && Catch::Contains(">1.0837</text>"));
  CHECK_THAT(svg, Catch::Contains("class=\"first-date\"") && Catch::Contains(">2024-01-02</text>"));
  CHECK_THAT(svg, Catch::Contains("class=\"last-date\"") && Catch::Contains(">2024-01-31</text>"));
  CHECK_THAT(svg, Catch::Contains("aria-label=\"Rate from 2024-01-02 to 2024-01-31"));
}

TEST_CASE("history chart: no points give a note, no line") {
  const auto svg = render_history_svg({}, 600, 200);
  CHECK_THAT(svg, Catch::StartsWith("<svg") && Catch::EndsWith("</svg>"));
  CHECK_THAT(svg, Catch::Contains("No rates in this period"));
  CHECK(count(svg, "<polyline") == 0);
}

TEST_CASE("history chart: one point is a dot in the middle") {
  const std::vector<chart_point> points = {{"2024-01-05", 1.0921}};
  const auto svg = render_history_svg(points, 600, 200);
  const auto box = plot_area(points, 600, 200);
  const auto line = polyline_of(svg);
  REQUIRE(line.size() == 1);
  CHECK(line[0].x == Approx((box.left + box.right) / 2).margin(0.05));
  CHECK(line[0].y == Approx((box.top + box.bottom) / 2).margin(0.05));
  CHECK(count(svg, "<circle") == 1);
}

TEST_CASE("history chart: a flat series lies in the middle, not on an edge (no division by zero)") {
  const std::vector<chart_point> points = {{"2024-01-02", 1.5}, {"2024-01-03", 1.5}};
  const auto line = polyline_of(render_history_svg(points, 600, 200));
  const auto box = plot_area(points, 600, 200);
  REQUIRE(line.size() == 2);
  CHECK(line[0].y == Approx((box.top + box.bottom) / 2).margin(0.05));
  CHECK(line[1].y == line[0].y);
}

TEST_CASE("history chart: the left margin makes room for long value labels") {
  const auto narrow = plot_area({{"2024-01-02", 1.5}}, 600, 200);
  const auto wide = plot_area({{"2024-01-02", 0.0000581813}}, 600, 200);  // "0.000058181"
  CHECK(wide.left > narrow.left);
  CHECK(wide.left >= 11 * 8);
  CHECK(plot_area({}, 600, 200).left > 0);
  // Never more than half the width, however long the labels.
  CHECK(plot_area({{"x", 1e300}}, 600, 200).left <= 300);
}

TEST_CASE("history chart: labels are escaped") {
  const auto svg = render_history_svg({{"<b>", 1.0}, {"x&y", 2.0}}, 600, 200);
  CHECK_THAT(svg, !Catch::Contains("<b>"));
  CHECK_THAT(svg, Catch::Contains("&lt;b&gt;") && Catch::Contains("x&amp;y"));
}

TEST_CASE("rates as shown: significant digits, never exponents, no trailing zeros") {
  CHECK(format_rate(1.0956) == "1.0956");
  CHECK(format_rate(186.75) == "186.75");
  CHECK(format_rate(20082.05) == "20082");
  CHECK(format_rate(0.0012345) == "0.0012345");
  CHECK(format_rate(1234567.0) == "1234567");
  CHECK(format_rate(1.5, 6) == "1.5");
  CHECK(format_rate(1.1684, 6) == "1.1684");
  CHECK(format_rate(20082.06, 6) == "20082.1");
  CHECK(format_rate(100.0) == "100");
  CHECK(format_rate(0) == "0");
}
