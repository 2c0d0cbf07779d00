#pragma once
// The accounts feature's processes for the frontend's integration and browser tests: db-proxy, the
// mailer (delivering to the SMTP sink of tests/infra, whose Maildir the test reads) and the
// frontend, on a private vhost and database, the web port on a free port. Login throttling is
// tightened (3 failures in 5 minutes lock for 60 s), and resends to 4 per client address and hour,
// so that a test reaches them quickly.
//
//   accounts_stack stack;                      // returns once GET /login answers 200
//   web_client alice(stack.base_url());        // a cookie jar over httplib
//   auto page = alice.get("/register");
//   alice.post_form("/register", {{"username", "alice"}, ...});   // adds the page's csrf
//   auto link = stack.wait_for_link("alice@example.com", "/verify?token=");

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <httplib.h>

#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/service_process.hpp"
#include "rmqrpc/client.hpp"

namespace cambio::testing {

// What runs beside db-proxy, the mailer and the frontend.
struct stack_services {
  // rates-ingestor on the ECB file (offline, BTC feed off); the stack starts once rates.latest
  // answers (its 31-day backfill up to the file's last date, 2026-04-13, is stored).
  bool rates = false;
  // alert-evaluator (sweeping every second) — for the alerts' mails.
  bool alert_evaluator = false;
};

class accounts_stack {
 public:
  // `extra` settings of the frontend over the stack's; db-proxy's PostgreSQL pool (small, as many
  // test stacks share one server; benchmarks give the service's default, 8).
  explicit accounts_stack(std::map<std::string, std::string> extra = {}, int db_pool_size = 2,
                          stack_services services = {});
  ~accounts_stack();
  accounts_stack(const accounts_stack&) = delete;
  accounts_stack& operator=(const accounts_stack&) = delete;

  const std::string& base_url() const { return base_url_; }
  int port() const { return port_; }
  rmqrpc::client& rpc() { return *rpc_; }
  std::string amqp_url() const { return vhost_.amqp_url(); }

  // The first URL containing `marker` in a mail to `recipient` that arrived in the sink's Maildir
  // (waits up to 30 s; throws naming the recipient when none came). `skip` mails are passed over
  // (0 = the first mail to that address, 1 = the second, ...).
  std::string wait_for_link(const std::string& recipient, const std::string& marker,
                            std::size_t skip = 0) const;
  // How many mails to `recipient` arrived, and the subject of the n-th.
  std::size_t mails_to(const std::string& recipient) const;
  std::string subject_of(const std::string& recipient, std::size_t n) const;

  // Moves the verification token of `link` (a /verify?token= URL) into the past, as if its
  // lifetime had run out (SQL on the stack's database through psql).
  void expire_verification(const std::string& link) const;

  // SIGTERM to db-proxy (the frontend's pages must then answer 503), and start it again.
  void stop_db_proxy();
  void start_db_proxy();
  // SIGTERM to rates-ingestor (with services.rates).
  void stop_rates_ingestor();
  // The first column of the first row of `sql` on the stack's database (psql -tA), "" for none.
  std::string query_value(const std::string& sql) const;

 private:
  scoped_vhost vhost_;
  scoped_database db_;
  cambio::metrics::registry metrics_;
  std::unique_ptr<rmqrpc::client> rpc_;
  int port_ = 0;
  int db_pool_size_ = 2;
  std::string base_url_;
  std::optional<service_process> db_proxy_;
  std::optional<service_process> mailer_;
  std::optional<service_process> rates_ingestor_;
  std::optional<service_process> alert_evaluator_;
  std::optional<service_process> frontend_;
};

// A browser-like client: keeps the cookies the site sets, and fills in the CSRF token of the last
// page it read. Each client connects from its own loopback address (127.0.1.N), so that the
// per-address limits (login failures, resends) of one test do not reach another.
class web_client {
 public:
  explicit web_client(const std::string& base_url);

  const std::string& address() const { return source_; }

  httplib::Result get(const std::string& path, const httplib::Headers& extra = {});
  // A form POST; `with_csrf` adds `csrf` = the token of the last page read.
  httplib::Result post_form(const std::string& path, httplib::Params fields, bool with_csrf = true);
  httplib::Result post_multipart(const std::string& path, httplib::MultipartFormDataItems items,
                                 bool with_csrf = true);

  std::optional<std::string> cookie(const std::string& name) const;
  void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
  void forget_cookies() { cookies_.clear(); }
  const std::string& csrf() const { return csrf_; }
  // Every Set-Cookie header of the last response.
  const std::vector<std::string>& last_set_cookies() const { return set_cookies_; }

 private:
  httplib::Headers headers(const httplib::Headers& extra) const;
  void take(const httplib::Result& res);
  httplib::Client client() const;

  std::string host_;
  int port_ = 0;
  std::map<std::string, std::string> cookies_;
  std::vector<std::string> set_cookies_;
  std::string csrf_;
  std::string source_;
};

}  // namespace cambio::testing
