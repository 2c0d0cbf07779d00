#pragma once
// The connection steps the REST poller and the trade stream share (private; Beast stays out of the
// public headers): resolve and connect with a deadline, and a TLS client handshake that checks the
// server's certificate against the system's CAs and the URL's host name.

#include <chrono>
#include <utility>  // before Asio: its awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "rates/btc/url.hpp"

namespace cambio::rates::btc {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// A client context trusting the system's CA store, verifying peers.
asio::ssl::context make_tls_context();

// Resolves u.host and connects `stream`; the connect is bounded by `timeout` (the resolve is
// bounded by the system resolver). Throws boost::system::system_error.
asio::awaitable<void> connect(tcp::resolver& resolver, beast::tcp_stream& stream, const url& u,
                              std::chrono::milliseconds timeout);

// Sets SNI and host-name verification for u.host, then handshakes as a client; bounded by the
// deadline already set on the TCP stream. Throws boost::system::system_error.
asio::awaitable<void> tls_handshake(beast::ssl_stream<beast::tcp_stream>& stream, const url& u);

}  // namespace cambio::rates::btc
