// wss:// against a TLS server we control: the feed names the host (SNI) and refuses a certificate
// that the system's CAs do not vouch for — what a man in the middle would present.

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>

#include "cambio/testing/infra.hpp"
#include "feed_fixture.hpp"

using namespace btc_test;
using cambio::testing::eventually;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// A TLS server on 127.0.0.1 with a fresh self-signed certificate for "localhost". It records the
// SNI host name of each client hello and never gets further than the handshake.
class self_signed_server {
 public:
  self_signed_server() {
    use_self_signed_certificate();
    auto* ctx = tls_.native_handle();
    // SSL_CTX_set_tlsext_servername_callback/_arg are macros with C casts; this is what they do.
    SSL_CTX_callback_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB,
                          reinterpret_cast<void (*)()>(&self_signed_server::on_server_name));
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, this);
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~self_signed_server() {
    io_.stop();
    thread_.join();
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string server_name() const {
    std::lock_guard lock(mutex_);
    return server_name_;
  }

 private:
  void use_self_signed_certificate() {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    REQUIRE(key != nullptr);
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
    REQUIRE(SSL_CTX_use_certificate(tls_.native_handle(), cert) == 1);
    REQUIRE(SSL_CTX_use_PrivateKey(tls_.native_handle(), key) == 1);
    X509_free(cert);
    EVP_PKEY_free(key);
  }

  static int on_server_name(SSL* ssl, int*, void* self) {
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    auto* server = static_cast<self_signed_server*>(self);
    std::lock_guard lock(server->mutex_);
    server->server_name_ = name != nullptr ? name : "";
    return SSL_TLSEXT_ERR_OK;
  }

  void accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec) return;
      auto stream = std::make_shared<asio::ssl::stream<tcp::socket>>(std::move(socket), tls_);
      stream->async_handshake(asio::ssl::stream_base::server,
                              [stream](const boost::system::error_code&) {});
      accept();
    });
  }

  asio::io_context io_;
  asio::ssl::context tls_{asio::ssl::context::tls_server};
  tcp::acceptor acceptor_{io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  mutable std::mutex mutex_;
  std::string server_name_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("wss sends the host name (SNI) and refuses a certificate no system CA signed") {
  self_signed_server server;
  auto settings = fast_feed(/*ws=*/true, /*rest=*/false);
  settings.ws_url = "wss://localhost:" + std::to_string(server.port()) + "/ws/btcusdt@trade";
  cambio::metrics::registry metrics;
  btc_feed feed(settings, metrics, nullptr);
  feed.start();
  REQUIRE(eventually([&] { return errors(metrics, "ws", "tls") >= 1; }, 5s));
  CHECK(server.server_name() == "localhost");
  CHECK_THAT(feed.status().ws.last_error, Catch::Contains("certificate verify failed"));
  CHECK_FALSE(feed.latest());
  // Had verification been off, the TLS handshake would have passed and the WebSocket handshake
  // (which this server never answers) would have been the failure.
  CHECK(errors(metrics, "ws", "handshake") == 0);
}

TEST_CASE("https polls refuse the same certificate") {
  self_signed_server server;
  auto settings = fast_feed(/*ws=*/false, /*rest=*/true);
  settings.rest_url = "https://localhost:" + std::to_string(server.port());
  cambio::metrics::registry metrics;
  btc_feed feed(settings, metrics, nullptr);
  feed.start();
  REQUIRE(eventually([&] { return errors(metrics, "rest", "network") >= 1; }, 5s));
  CHECK(server.server_name() == "localhost");
  CHECK_THAT(feed.status().rest.last_error, Catch::Contains("tls: certificate verify failed"));
}
