#include "command_line.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace cambio::fakes {
namespace {

template <class Number>
Number number(std::string_view flag, std::string_view text) {
  Number value{};
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw std::invalid_argument(std::string(flag) + ": '" + std::string(text) +
                                "' is not a number");
  }
  return value;
}

std::chrono::milliseconds positive_ms(std::string_view flag, std::string_view text) {
  const auto ms = number<long long>(flag, text);
  if (ms <= 0) throw std::invalid_argument(std::string(flag) + " must be positive");
  return std::chrono::milliseconds(ms);
}

}  // namespace

std::string usage() {
  return "usage: fake-exchange --port N [--host 127.0.0.1] [--price 43000] [--interval-ms 500]\n"
         "                     [--ping-ms 20000] [--seed 1]\n"
         "A fake Binance: REST ticker and btcusdt@trade stream on one port (port 0: any free "
         "port).\nControls: POST /control/{price,stall,garbage,frame,close,reset,rest}, "
         "GET /control/state.\n";
}

command_line parse_command_line(int argc, const char* const* argv) {
  command_line result;
  bool has_port = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      result.help = true;
      return result;
    }
    if (i + 1 >= argc) throw std::invalid_argument(std::string(flag) + " needs a value");
    const std::string_view value = argv[++i];
    if (flag == "--port") {
      result.options.port = number<std::uint16_t>(flag, value);
      has_port = true;
    } else if (flag == "--host") {
      result.options.host = std::string(value);
    } else if (flag == "--price") {
      result.options.price = number<double>(flag, value);
      if (!std::isfinite(result.options.price) || result.options.price <= 0) {
        throw std::invalid_argument("--price must be a positive number");
      }
    } else if (flag == "--interval-ms") {
      result.options.interval = positive_ms(flag, value);
    } else if (flag == "--ping-ms") {
      result.options.ping_interval = positive_ms(flag, value);
    } else if (flag == "--seed") {
      result.options.seed = number<std::uint64_t>(flag, value);
    } else {
      throw std::invalid_argument("unknown option " + std::string(flag));
    }
  }
  if (!has_port) throw std::invalid_argument("--port is required");
  return result;
}

}  // namespace cambio::fakes
