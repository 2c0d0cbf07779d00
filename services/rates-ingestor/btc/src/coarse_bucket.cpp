#include "rates/btc/coarse_bucket.hpp"

#include <stdexcept>

namespace cambio::rates::btc {

std::chrono::system_clock::time_point coarse_bucket(std::chrono::system_clock::time_point at,
                                                    std::chrono::milliseconds resolution) {
  if (resolution <= std::chrono::milliseconds::zero()) {
    throw std::invalid_argument("coarse_bucket: the resolution must be positive");
  }
  // floor, not truncation: a time before the epoch belongs to the bucket that starts before it.
  const auto since_epoch = at.time_since_epoch();
  auto start = since_epoch - since_epoch % resolution;
  if (start > since_epoch) start -= resolution;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(start));
}

}  // namespace cambio::rates::btc
