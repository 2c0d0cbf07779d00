#pragma once
// The coarse stored history keeps one bar per time bucket (a minute by default) instead of every
// trade. A tick belongs to the bucket that starts at its time rounded down to the resolution,
// counted from the Unix epoch (so minute buckets start on whole UTC minutes).

#include <chrono>

namespace cambio::rates::btc {

// The start of the bucket holding `at`. Throws std::invalid_argument if `resolution` is not
// positive.
std::chrono::system_clock::time_point coarse_bucket(
    std::chrono::system_clock::time_point at,
    std::chrono::milliseconds resolution = std::chrono::minutes(1));

}  // namespace cambio::rates::btc
