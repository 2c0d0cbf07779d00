#pragma once
// GET /rates: the rates page (see rates_page_view.hpp for what it shows and rates_query.hpp for its
// parameters: ?base=USD&chart=EUR-USD&days=90&from=USD&to=JPY&amount=100).
//
// The newest set and the conversion are asked for at once, then the chart's history (its period
// ends at the newest set's date), all within one deadline. Without the newest set there is no page:
// an error page with the mapped status (503 with a friendly message when rates-ingestor does not
// answer). A failed chart or conversion shows its message in its own section.

#include <httplib.h>

#include "rates/rates_backend.hpp"

namespace cambio::frontend {

void append_rates_page(httplib::Server& routes, rates_backend& backend);

}  // namespace cambio::frontend
