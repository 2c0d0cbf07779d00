#include "rates/history_chart.hpp"

#include <algorithm>
#include <cstdio>

#include "html.hpp"
#include "rates/number_format.hpp"

namespace cambio::frontend {
namespace {

constexpr int k_font_size = 14;
constexpr double k_char_width = 0.62 * k_font_size;  // a digit of a sans-serif font, about
constexpr double k_right = 12;
constexpr double k_top = 12;
constexpr double k_bottom = 28;  // room for the date labels

std::string num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

std::string open_svg(int width, int height, const std::string& label) {
  const auto w = std::to_string(width);
  const auto h = std::to_string(height);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"history-chart\" viewBox=\"0 0 " + w +
         " " + h + "\" width=\"" + w + "\" height=\"" + h + "\" font-size=\"" +
         std::to_string(k_font_size) + "\" role=\"img\" aria-label=\"" + escape_html(label) + "\">";
}

std::string text(double x, double y, const char* anchor, const char* cls, const std::string& body) {
  return "<text class=\"" + std::string(cls) + "\" x=\"" + num(x) + "\" y=\"" + num(y) +
         "\" text-anchor=\"" + anchor + "\">" + escape_html(body) + "</text>";
}

}  // namespace

plot_box plot_area(const std::vector<chart_point>& points, int width, int height) {
  std::size_t label_chars = 4;
  for (const auto& p : points) label_chars = std::max(label_chars, format_rate(p.value).size());
  const double left = 10 + k_char_width * static_cast<double>(label_chars);
  const double w = std::max(width, 1);
  const double h = std::max(height, 1);
  return {std::min(left, w / 2), std::min(k_top, h / 2), std::max(w - k_right, w / 2),
          std::max(h - k_bottom, h / 2)};
}

std::string render_history_svg(const std::vector<chart_point>& points, int width, int height) {
  const auto box = plot_area(points, width, height);
  if (points.empty()) {
    return open_svg(width, height, "No rates in this period") +
           text((box.left + box.right) / 2, (box.top + box.bottom) / 2, "middle", "empty",
                "No rates in this period") +
           "</svg>";
  }

  const auto [lowest, highest] = std::minmax_element(
      points.begin(), points.end(),
      [](const chart_point& a, const chart_point& b) { return a.value < b.value; });
  const double min = lowest->value;
  const double max = highest->value;
  const auto x_of = [&](std::size_t i) {
    if (points.size() == 1) return (box.left + box.right) / 2;
    return box.left +
           (box.right - box.left) * static_cast<double>(i) / static_cast<double>(points.size() - 1);
  };
  const auto y_of = [&](double v) {
    if (max == min) return (box.top + box.bottom) / 2;
    return box.bottom - (box.bottom - box.top) * (v - min) / (max - min);
  };

  const auto& first = points.front();
  const auto& last = points.back();
  std::string svg = open_svg(width, height,
                             "Rate from " + first.date + " to " + last.date + ": lowest " +
                                 format_rate(min) + ", highest " + format_rate(max));
  // Axes: the vertical one on the left, the horizontal one at the bottom.
  svg += "<path class=\"axis\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.4\" d=\"M" +
         num(box.left) + " " + num(box.top) + "V" + num(box.bottom) + "H" + num(box.right) + "\"/>";
  svg += text(box.left - 6, box.top + 4, "end", "max", format_rate(max));
  svg += text(box.left - 6, box.bottom, "end", "min", format_rate(min));
  svg += text(box.left, box.bottom + 20, "start", "first-date", first.date);
  svg += text(box.right, box.bottom + 20, "end", "last-date", last.date);

  svg +=
      "<polyline class=\"line\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" "
      "stroke-linejoin=\"round\" points=\"";
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i != 0) svg += ' ';
    svg += num(x_of(i)) + "," + num(y_of(points[i].value));
  }
  svg += "\"/>";
  if (points.size() == 1) {
    svg += "<circle class=\"dot\" fill=\"currentColor\" cx=\"" + num(x_of(0)) + "\" cy=\"" +
           num(y_of(first.value)) + "\" r=\"3\"/>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace cambio::frontend
