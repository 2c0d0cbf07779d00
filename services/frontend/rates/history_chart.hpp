#pragma once
// A pair's history as an inline SVG line chart, rendered on the server (no script, no external
// assets): a polyline inside the axes, the minimum and maximum beside the vertical axis, the first
// and last dates under the horizontal one. Scales with the page (viewBox); colours come from CSS
// (currentColor).

#include <string>
#include <vector>

namespace cambio::frontend {

struct chart_point {
  std::string date;  // "YYYY-MM-DD"
  double value;
};

// The inner box the line is drawn in, within width × height: room around it for the labels (the
// left margin as wide as the longer of the minimum and maximum labels).
struct plot_box {
  double left, top, right, bottom;
};
plot_box plot_area(const std::vector<chart_point>& points, int width, int height);

// An <svg> element of the given size. Points are evenly spaced in their order (rate dates, which
// skip weekends); the lowest value on the bottom edge of plot_area, the highest on its top (a flat
// series in the middle); one point also gets a dot; no points give a "No rates" note instead.
std::string render_history_svg(const std::vector<chart_point>& points, int width, int height);

}  // namespace cambio::frontend
