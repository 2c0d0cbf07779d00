#include "transport.hpp"

#include <openssl/ssl.h>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace cambio::rates::btc {
namespace {

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
long set_sni(SSL* ssl, const std::string& host) {
  return ::SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                    const_cast<char*>(host.c_str()));
}

}  // namespace

asio::ssl::context make_tls_context() {
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  return tls;
}

asio::awaitable<void> connect(tcp::resolver& resolver, beast::tcp_stream& stream, const url& u,
                              std::chrono::milliseconds timeout) {
  const auto endpoints = co_await resolver.async_resolve(u.host, u.port, asio::use_awaitable);
  stream.expires_after(timeout);
  co_await stream.async_connect(endpoints, asio::use_awaitable);
}

asio::awaitable<void> tls_handshake(beast::ssl_stream<beast::tcp_stream>& stream, const url& u) {
  // SNI names the host we want (one IP serves many); it must not carry an IP address (RFC 6066).
  if (!is_ip_literal(u.host) && set_sni(stream.native_handle(), u.host) != 1) {
    throw boost::system::system_error(boost::system::error_code(static_cast<int>(::ERR_get_error()),
                                                                asio::error::get_ssl_category()),
                                      "cannot set SNI host name");
  }
  stream.set_verify_mode(asio::ssl::verify_peer);
  stream.set_verify_callback(asio::ssl::host_name_verification(u.host));
  co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
}

}  // namespace cambio::rates::btc
