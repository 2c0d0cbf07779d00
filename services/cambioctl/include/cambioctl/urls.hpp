#pragma once
// The two URLs cambioctl needs: the broker (amqp://user:pass@host:port/vhost) and the RabbitMQ
// management API (http://user:pass@host:port).

#include <cstdint>
#include <string>
#include <string_view>

namespace cambio::cambioctl {

struct amqp_endpoint {
  std::string user = "guest";
  std::string password = "guest";
  std::string host = "127.0.0.1";
  std::uint16_t port = 5672;
  std::string vhost = "/";  // decoded ("%2f" → "/"); "/" when the URL has none
};

struct http_endpoint {
  std::string scheme;  // "http" or "https"
  std::string host;
  std::uint16_t port = 0;  // the scheme's default when the URL has none
  std::string user;
  std::string password;
  std::string base_path;  // "" or "/prefix" (a management API behind a path prefix)

  std::string origin() const;  // "http://host:port"
};

// Both throw std::invalid_argument with a message naming what is wrong (never the password).
amqp_endpoint parse_amqp_url(std::string_view url);
http_endpoint parse_http_url(std::string_view url);

// Percent-encoding of one path segment or query value (RFC 3986 unreserved kept): "/" → "%2F".
std::string percent_encode(std::string_view text);
// Decodes %XX; throws std::invalid_argument on a malformed escape.
std::string percent_decode(std::string_view text);

// The URL with its password replaced by "***", for messages.
std::string redacted(std::string_view url);

}  // namespace cambio::cambioctl
