#pragma once
// The mailer's integration tests: db-proxy and mailer processes on a fresh vhost and database, a
// client to enqueue and list mails, and an SMTP sink of the test's own (deploy/smtp_sink.py on a
// free port, its Maildir in a temporary folder) that the test may stop and start — or the shared
// sink of tests/infra.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/service_process.hpp"
#include "mail_text.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::testing {

// A private CA and a server certificate it signed (for "localhost" and 127.0.0.1), made with the
// openssl command in a temporary folder that goes with the object — what a staging relay with a
// private CA looks like. `other_name`: a certificate signed by the same CA for another name.
class test_pki {
 public:
  test_pki();
  ~test_pki();
  test_pki(const test_pki&) = delete;
  test_pki& operator=(const test_pki&) = delete;
  std::string ca_file() const { return (dir_ / "ca.pem").string(); }
  std::string cert_file() const { return (dir_ / "server.pem").string(); }
  std::string key_file() const { return (dir_ / "server.key").string(); }
  std::string other_name_cert_file() const { return (dir_ / "other.pem").string(); }
  std::string other_name_key_file() const { return (dir_ / "other.key").string(); }

 private:
  std::filesystem::path dir_;
};

class private_sink {
 public:
  // `options`: more arguments of deploy/smtp_sink.py (--tls-cert F --tls-key F, --require-tls,
  // --smtps, --auth USER:PASSWORD).
  explicit private_sink(std::vector<std::string> options = {});
  ~private_sink();
  void start();
  void stop();
  // While set, every RCPT TO is answered with `reply` (e.g. "451 4.3.0 Try again later").
  void fail_with(const std::string& reply);
  void stop_failing();
  std::uint16_t port() const { return port_; }
  const std::filesystem::path& maildir() const { return maildir_; }

 private:
  std::uint16_t port_;
  std::filesystem::path maildir_;
  std::vector<std::string> options_;
  std::unique_ptr<service_process> process_;
};

class mail_stack {
 public:
  mail_stack();

  // Starts (or restarts) the mailer against `smtp_port`, with `extra` settings over quick test
  // defaults (poll 200 ms, retries from 100 ms up to 1 s).
  void start_mailer(std::uint16_t smtp_port, std::map<std::string, std::string> extra = {});
  void stop_mailer() { mailer_.reset(); }
  service_process& mailer() { return *mailer_; }

  nlohmann::json call(const std::string& queue, const nlohmann::json& params,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // db.mail.enqueue of `count` test mails to `<prefix><i>@<domain>`; returns the ids.
  std::vector<std::int64_t> enqueue_test_mails(int count, const std::string& domain,
                                               const std::string& prefix = "user");
  // db.mail.list of every mail (newest first), or those of one status.
  std::vector<nlohmann::json> list(const std::string& status = "");
  const std::string& mail_domain() const { return domain_; }

 private:
  scoped_vhost vhost_;
  scoped_database database_;
  cambio::metrics::registry metrics_;
  rmqrpc::client client_;
  std::string domain_ = "mail-test.cambio.localhost";
  std::unique_ptr<service_process> db_proxy_;
  std::unique_ptr<service_process> mailer_;
};

// Message-IDs of `mails` and how often each arrived.
std::map<std::string, int> count_by_message_id(const std::vector<mail::message>& mails);

}  // namespace cambio::testing
