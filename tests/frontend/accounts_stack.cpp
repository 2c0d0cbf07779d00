#include "accounts_stack.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <stdexcept>

#include "cambio/testing/ports.hpp"
#include "mail_text.hpp"

namespace cambio::testing {
namespace {

std::vector<mail::message> mails_for(const std::string& recipient) {
  return mail::mails_to(infra::get().mail_dir, recipient);
}

std::string text_of(const mail::message& m) {
  std::string out;
  for (const auto& p : m.parts) out += p.body + "\n";
  return out.empty() ? m.raw : out;
}

}  // namespace

accounts_stack::accounts_stack(std::map<std::string, std::string> extra, int db_pool_size,
                               stack_services services)
    : db_pool_size_(db_pool_size) {
  rmqrpc::client_settings settings;
  settings.connection.url = vhost_.amqp_url();
  settings.connection.name = "accounts-test";
  rpc_ = std::make_unique<rmqrpc::client>(settings, metrics_);

  start_db_proxy();
  mailer_.emplace("mailer", std::map<std::string, std::string>{
                                {"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                {"CAMBIO_SMTP_URL", "smtp://127.0.0.1:" + infra::get().smtp_port},
                                {"CAMBIO_MAIL_POLL_MS", "200"},
                                {"CAMBIO_ADMIN_PORT", "0"}});
  if (services.rates) {
    rates_ingestor_.emplace(
        "rates-ingestor", std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                             {"CAMBIO_RATES_PROVIDER", "ecb-csv"},
                                                             {"CAMBIO_ECB_CSV", ecb_history_csv()},
                                                             {"CAMBIO_BTC_FEED", "off"},
                                                             {"CAMBIO_OFFLINE_DATA", "true"},
                                                             {"CAMBIO_ADMIN_PORT", "0"}});
  }
  if (services.alert_evaluator) {
    alert_evaluator_.emplace("alert-evaluator", std::map<std::string, std::string>{
                                                    {"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                    {"CAMBIO_ALERTS_SWEEP_S", "1"},
                                                    {"CAMBIO_ADMIN_PORT", "0"}});
  }
  port_ = free_port();
  base_url_ = "http://127.0.0.1:" + std::to_string(port_);
  std::map<std::string, std::string> frontend = {
      {"CAMBIO_AMQP_URL", vhost_.amqp_url()},
      {"CAMBIO_HTTP_PORT", std::to_string(port_)},
      {"CAMBIO_ADMIN_PORT", "0"},
      {"CAMBIO_SECRET_KEY", "test-secret-key-of-the-accounts-stack-0123456789"},
      {"CAMBIO_LOGIN_MAX_FAILURES", "3"},
      {"CAMBIO_LOGIN_WINDOW_S", "300"},
      {"CAMBIO_LOGIN_LOCKOUT_S", "60"},
      {"CAMBIO_RESEND_PER_ADDRESS_PER_HOUR", "4"}};
  for (auto& [k, v] : extra) frontend[k] = v;
  frontend_.emplace("frontend", frontend);

  const bool ready = eventually(
      [&] {
        if (!db_proxy_->running() || !mailer_->running() || !frontend_->running()) return true;
        httplib::Client c("127.0.0.1", port_);
        c.set_connection_timeout(std::chrono::seconds(1));
        const auto res = c.Get("/login");
        if (!res || res->status != 200) return false;
        // db-proxy answers (its migrations are done) once a session lookup does.
        try {
          rpc_->call("db.health", nlohmann::json::object(), {.timeout = std::chrono::seconds(2)});
          if (rates_ingestor_) {
            if (!rates_ingestor_->running()) return true;
            rpc_->call("rates.latest", nlohmann::json::object(),
                       {.timeout = std::chrono::seconds(2)});
          }
          return true;
        } catch (const rmqrpc::error&) {
          return false;
        }
      },
      std::chrono::minutes(services.rates ? 2 : 1));
  if (!db_proxy_->running()) throw std::runtime_error("db-proxy exited while starting");
  if (!mailer_->running()) throw std::runtime_error("mailer exited while starting");
  if (!frontend_->running()) throw std::runtime_error("frontend exited while starting");
  if (rates_ingestor_ && !rates_ingestor_->running()) {
    throw std::runtime_error("rates-ingestor exited while starting");
  }
  if (alert_evaluator_ && !alert_evaluator_->running()) {
    throw std::runtime_error("alert-evaluator exited while starting");
  }
  if (!ready) throw std::runtime_error("the accounts stack did not come up within a minute");
}

accounts_stack::~accounts_stack() {
  frontend_.reset();
  alert_evaluator_.reset();
  rates_ingestor_.reset();
  mailer_.reset();
  db_proxy_.reset();
  rpc_.reset();
}

void accounts_stack::stop_db_proxy() {
  if (!db_proxy_->stop(SIGTERM, 15000)) {
    throw std::runtime_error("db-proxy did not stop on SIGTERM within 15 s");
  }
}

void accounts_stack::stop_rates_ingestor() {
  if (rates_ingestor_ && !rates_ingestor_->stop(SIGTERM, 15000)) {
    throw std::runtime_error("rates-ingestor did not stop on SIGTERM within 15 s");
  }
}

void accounts_stack::start_db_proxy() {
  db_proxy_.reset();
  db_proxy_.emplace("db-proxy", std::map<std::string, std::string>{
                                    {"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                    {"CAMBIO_PG_URL", db_.url()},
                                    {"CAMBIO_PG_POOL_SIZE", std::to_string(db_pool_size_)},
                                    {"CAMBIO_ADMIN_PORT", "0"}});
}

std::string accounts_stack::wait_for_link(const std::string& recipient, const std::string& marker,
                                          std::size_t skip) const {
  const std::regex url(R"(https?://[^\s"'<>]+)");
  std::string found;
  eventually(
      [&] {
        const auto mails = mails_for(recipient);
        if (mails.size() <= skip) return false;
        const auto text = text_of(mails[skip]);
        for (std::sregex_iterator it(text.begin(), text.end(), url), end; it != end; ++it) {
          if (it->str().find(marker) != std::string::npos) {
            found = it->str();
            return true;
          }
        }
        return false;
      },
      std::chrono::seconds(30));
  if (found.empty()) {
    throw std::runtime_error("no mail to " + recipient + " with a link containing '" + marker +
                             "' arrived within 30 s");
  }
  return found;
}

void accounts_stack::expire_verification(const std::string& link) const {
  const auto token = link.substr(link.find("token=") + 6);
  if (token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
      std::string::npos) {
    throw std::runtime_error("expire_verification: not a token: " + token);
  }
  const std::string sql =
      "UPDATE email_verifications SET created_at = now() - interval '2 days', "
      "expires_at = now() - interval '1 day' WHERE token_hash = "
      "encode(sha256(convert_to('" +
      token + "', 'UTF8')), 'hex')";
  const auto command = "psql -q -v ON_ERROR_STOP=1 " + shell_quote(db_.url()) + " -c " +
                       shell_quote(sql) + " >/dev/null";
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("expire_verification: psql failed: " + command);
  }
}

std::string accounts_stack::query_value(const std::string& sql) const {
  const auto command =
      "psql -tA -v ON_ERROR_STOP=1 " + shell_quote(db_.url()) + " -c " + shell_quote(sql);
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("query_value: cannot run psql");
  std::string out;
  char buffer[4096];
  while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  if (::pclose(pipe) != 0) throw std::runtime_error("query_value: psql failed: " + sql);
  if (const auto eol = out.find('\n'); eol != std::string::npos) out.resize(eol);
  return out;
}

std::size_t accounts_stack::mails_to(const std::string& recipient) const {
  return mails_for(recipient).size();
}

std::string accounts_stack::subject_of(const std::string& recipient, std::size_t n) const {
  const auto mails = mails_for(recipient);
  if (mails.size() <= n) return "";
  const auto it = mails[n].headers.find("subject");
  return it == mails[n].headers.end() ? "" : mail::decode_header_words(it->second);
}

web_client::web_client(const std::string& base_url) {
  const std::regex re(R"(http://([^:/]+):(\d+))");
  std::smatch m;
  if (!std::regex_match(base_url, m, re)) throw std::runtime_error("web_client: " + base_url);
  host_ = m[1];
  port_ = std::stoi(m[2]);
  static std::atomic<int> next{1};
  const int n = next++;
  source_ = "127.0.1." + std::to_string(1 + n % 250);
}

httplib::Client web_client::client() const {
  httplib::Client c(host_, port_);
  c.set_read_timeout(std::chrono::seconds(15));
  const auto source = source_;
  c.set_socket_options([source](socket_t sock) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &addr.sin_addr);
    ::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  });
  return c;
}

httplib::Headers web_client::headers(const httplib::Headers& extra) const {
  httplib::Headers h = extra;
  std::string jar;
  for (const auto& [k, v] : cookies_) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
  if (!jar.empty()) h.emplace("Cookie", jar);
  return h;
}

void web_client::take(const httplib::Result& res) {
  set_cookies_.clear();
  if (!res) return;
  for (const auto& [k, v] : res->headers) {
    if (k != "Set-Cookie") continue;
    set_cookies_.push_back(v);
    const auto eq = v.find('=');
    const auto semi = v.find(';');
    const auto name = v.substr(0, eq);
    const auto value = v.substr(eq + 1, semi == std::string::npos ? semi : semi - eq - 1);
    if (v.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
  static const std::regex csrf(R"(name="csrf" value="([^"]+)\")");
  std::smatch m;
  if (std::regex_search(res->body, m, csrf)) csrf_ = m[1];
}

httplib::Result web_client::get(const std::string& path, const httplib::Headers& extra) {
  auto c = client();
  auto res = c.Get(path.c_str(), headers(extra));
  take(res);
  return res;
}

httplib::Result web_client::post_form(const std::string& path, httplib::Params fields,
                                      bool with_csrf) {
  if (with_csrf) fields.emplace("csrf", csrf_);
  auto c = client();
  auto res = c.Post(path.c_str(), headers({}), fields);
  take(res);
  return res;
}

httplib::Result web_client::post_multipart(const std::string& path,
                                           httplib::MultipartFormDataItems items, bool with_csrf) {
  if (with_csrf) items.push_back({"csrf", csrf_, "", ""});
  auto c = client();
  auto res = c.Post(path.c_str(), headers({}), items);
  take(res);
  return res;
}

std::optional<std::string> web_client::cookie(const std::string& name) const {
  const auto it = cookies_.find(name);
  if (it == cookies_.end()) return std::nullopt;
  return it->second;
}

}  // namespace cambio::testing
