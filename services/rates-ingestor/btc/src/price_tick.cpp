#include "rates/btc/price_tick.hpp"

namespace cambio::rates::btc {

bool is_fresh(const price_tick& tick, std::chrono::system_clock::time_point now,
              std::chrono::milliseconds max_age) {
  return now - tick.at <= max_age;
}

}  // namespace cambio::rates::btc
