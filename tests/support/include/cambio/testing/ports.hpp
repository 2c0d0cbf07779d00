#pragma once
// Loopback ports for the servers a test or benchmark starts itself (SMTP sinks, fake providers,
// the frontend).

#include <cstdint>

namespace cambio::testing {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
std::uint16_t free_port();

// Whether something accepts TCP connections on 127.0.0.1:`port` now.
bool port_open(std::uint16_t port);

}  // namespace cambio::testing
