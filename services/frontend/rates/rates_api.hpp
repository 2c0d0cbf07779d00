#pragma once
// The rates JSON API, shaped like Frankfurter's (see rates_json.hpp for the answers):
//
//   GET /api/v1/rates/latest?base=USD&symbols=EUR,GBP&amount=10   the newest set
//   GET /api/v1/rates/2024-01-05?base=&symbols=&amount=           the set on or before that date
//   GET /api/v1/rates/2024-01-01..2024-01-31?base=&symbols=&amount=   every set in the range
//   GET /api/v1/rates/2024-01-01..?...                             ... up to today
//   GET /api/v1/rates/convert?from=USD&to=JPY&amount=100&date=     rates.convert's reply
//   GET /api/v1/rates/btc?currency=EUR                             rates.btc's reply
//
// base defaults to the provider's base (from and to are accepted as Frankfurter's newer names for
// base and symbols); symbols default to every currency of the set. A range without symbols covers
// every currency of the newest set; the history is asked for in chunks of 50 currencies at once.
// Errors: see http_error.hpp; every call to rates-ingestor ends within rates_backend's deadline.

#include <httplib.h>

#include "rates/rates_backend.hpp"

namespace cambio::frontend {

void append_rates_api(httplib::Server& routes, rates_backend& backend);

}  // namespace cambio::frontend
