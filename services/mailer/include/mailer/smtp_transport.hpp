#pragma once
// Sending one message over SMTP with libcurl. One CURL easy handle lives as long as the transport,
// so libcurl keeps the connection open between mails and reuses it (MAIL FROM, RCPT TO, DATA on
// the same session); a connection the server closed is reopened on the next send. STARTTLS and
// SMTPS and AUTH when configured; the server's certificate is always verified (chain and name),
// against the system's CAs or the bundle in `ca_file`. Not thread-safe: one transport per sending
// thread.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace cambio::mailer {

struct smtp_settings {
  std::string url;  // smtp://host:port or smtps://host:port
  bool starttls_required = false;
  std::string user;  // AUTH when not empty
  std::string password;
  std::string helo_domain;  // the name given in EHLO (default: libcurl's)
  std::string ca_file;      // PEM bundle of the CAs to trust instead of the system's (if set)
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds send_timeout{30'000};  // one whole mail, connecting included
  // false: a new connection (and a new easy handle) for every mail — the naive way, kept for the
  // benchmark's baseline.
  bool reuse_connection = true;
};

// How one send ended.
enum class smtp_outcome {
  sent,
  rejected,     // a permanent 5xx for this mail (the recipient, the message): never retry it
  deferred,     // a temporary 4xx for this mail: retry it later
  unavailable,  // the server: cannot connect, a failed TLS handshake, a broken session, the
                // sender refused — no mail can go now; retried with a backoff
  // The server refuses our settings: AUTH refused (535) or required (530), its certificate not
  // trusted, STARTTLS required and not offered. True of every mail until an operator fixes the
  // settings or the server; it says nothing about the mail that met it.
  misconfigured,
  held,  // the gate said no: nothing was delivered
};

struct smtp_result {
  smtp_outcome outcome = smtp_outcome::sent;
  long response_code = 0;  // the last SMTP reply code, 0 if none
  std::string error;       // empty when sent
};

// The outcome of a failed libcurl transfer, from its CURLcode, the last SMTP reply code and
// libcurl's error text ("RCPT failed: 550").
smtp_outcome classify_smtp_failure(int curl_code, long response_code, std::string_view error);

// The error text for operators: "SMTP: " + libcurl's text, and for a TLS, STARTTLS or AUTH failure
// what it means and which setting to look at.
std::string describe_smtp_failure(int curl_code, long response_code, std::string_view error);

class smtp_transport {
 public:
  explicit smtp_transport(smtp_settings settings);
  ~smtp_transport();
  smtp_transport(const smtp_transport&) = delete;
  smtp_transport& operator=(const smtp_transport&) = delete;

  // Called once, after the server has accepted the sender, the recipient and DATA, before the
  // end of the message goes out; false aborts the transfer, so the server never gets the end of
  // the DATA and delivers nothing.
  using gate = std::function<bool()>;

  // `message`: the complete RFC 5322 message, CRLF line ends (libcurl dot-stuffs it).
  smtp_result send(const std::string& envelope_from, const std::string& recipient,
                   std::string_view message, const gate& before_end = {});

  // New connections opened so far (1 for many mails while the connection is reused).
  long connections_opened() const { return connections_; }

 private:
  struct handle;
  smtp_settings settings_;
  std::unique_ptr<handle> handle_;
  long connections_ = 0;
};

}  // namespace cambio::mailer
