#pragma once
// The parts of the feed's URLs that a connection needs: "wss://stream.binance.com:9443/ws/x" gives
// scheme "wss", host "stream.binance.com", port "9443", target "/ws/x".

#include <string>
#include <string_view>

namespace cambio::rates::btc {

struct url {
  std::string scheme;  // "http" | "https" | "ws" | "wss"
  std::string host;    // without brackets for an IPv6 literal
  std::string port;    // the scheme's default when the URL has none
  std::string target;  // path and query, "/" when the URL has none

  bool tls() const { return scheme == "https" || scheme == "wss"; }
  // The Host header: the host, with ":port" unless it is the scheme's default.
  std::string host_header() const;
};

// Throws std::invalid_argument naming what is wrong (unknown scheme, no host, bad port).
url parse_url(std::string_view text);

}  // namespace cambio::rates::btc
