#include "mail_stack.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "cambio/testing/ports.hpp"

namespace cambio::testing {

test_pki::test_pki()
    : dir_(std::filesystem::temp_directory_path() / unique_name("cambio-mail-pki-")) {
  std::filesystem::create_directories(dir_);
  const auto d = dir_.string();
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
  const auto leaf = [&](const std::string& name, const std::string& cn, const std::string& san) {
    std::ofstream(dir_ / (name + ".ext")) << "subjectAltName=" << san << "\n"
                                          << "extendedKeyUsage=serverAuth\n";
    return "openssl req -new" + ec + " -keyout " + d + "/" + name + ".key -out " + d + "/" + name +
           ".csr -subj /CN=" + cn + " && openssl x509 -req -days 2 -in " + d + "/" + name +
           ".csr -CA " + d + "/ca.pem -CAkey " + d + "/ca.key -CAcreateserial -extfile " + d + "/" +
           name + ".ext -out " + d + "/" + name + ".pem";
  };
  const auto command = "(openssl req -x509 -days 2" + ec + " -keyout " + d + "/ca.key -out " + d +
                       "/ca.pem -subj '/CN=Cambio test CA' && " +
                       leaf("server", "localhost", "DNS:localhost,IP:127.0.0.1") + " && " +
                       leaf("other", "other.example", "DNS:other.example") + ") > " + d +
                       "/openssl.log 2>&1";
  if (std::system(command.c_str()) != 0) {
    std::ifstream log(dir_ / "openssl.log");
    const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    throw std::runtime_error("openssl could not make the test certificates: " + text);
  }
}

test_pki::~test_pki() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

private_sink::private_sink(std::vector<std::string> options)
    : port_(free_port()),
      maildir_(std::filesystem::temp_directory_path() / unique_name("cambio-mail-test-")),
      options_(std::move(options)) {
  start();
}

private_sink::~private_sink() {
  process_.reset();
  std::error_code ec;
  std::filesystem::remove_all(maildir_, ec);
}

void private_sink::start() {
  std::vector<std::string> args{source_root() + "/deploy/smtp_sink.py", "--port",
                                std::to_string(port_), "--maildir", maildir_.string()};
  args.insert(args.end(), options_.begin(), options_.end());
  process_ = std::make_unique<service_process>("/usr/bin/python3",
                                               std::map<std::string, std::string>{}, args);
  if (!eventually([&] { return port_open(port_); }, std::chrono::seconds(15))) {
    throw std::runtime_error("the SMTP sink did not start on port " + std::to_string(port_));
  }
}

void private_sink::stop() {
  process_.reset();  // SIGTERM, and waits for the exit
}

void private_sink::fail_with(const std::string& reply) {
  std::ofstream(maildir_ / ".fail") << reply << "\n";
}

void private_sink::stop_failing() { std::filesystem::remove(maildir_ / ".fail"); }

namespace {

rmqrpc::client_settings client_settings(const std::string& url) {
  rmqrpc::client_settings s;
  s.connection.url = url;
  s.connection.name = "mailer-test";
  return s;
}

}  // namespace

mail_stack::mail_stack() : client_(client_settings(vhost_.amqp_url()), metrics_) {
  db_proxy_ = std::make_unique<service_process>(
      "db-proxy", std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost_.amqp_url()},
                                                     {"CAMBIO_PG_URL", database_.url()},
                                                     {"CAMBIO_ADMIN_PORT", "0"},
                                                     {"CAMBIO_LOG_LEVEL", "warn"}});
  const bool ready = eventually(
      [&] {
        try {
          call("db.ping", nlohmann::json::object(), std::chrono::milliseconds(1000));
          return true;
        } catch (const rmqrpc::error&) {
          return false;
        }
      },
      std::chrono::seconds(60));
  if (!ready) throw std::runtime_error("db-proxy did not come up");
}

void mail_stack::start_mailer(std::uint16_t smtp_port, std::map<std::string, std::string> extra) {
  mailer_.reset();
  std::map<std::string, std::string> settings{
      {"CAMBIO_AMQP_URL", vhost_.amqp_url()},
      {"CAMBIO_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(smtp_port)},
      {"CAMBIO_MAIL_FROM", "Cambio Tests <no-reply@" + domain_ + ">"},
      {"CAMBIO_MAIL_POLL_MS", "200"},
      {"CAMBIO_MAIL_RETRY_BASE_MS", "100"},
      {"CAMBIO_MAIL_RETRY_MAX_MS", "1000"},
      {"CAMBIO_SMTP_CONNECT_TIMEOUT_MS", "2000"},
      {"CAMBIO_SMTP_TIMEOUT_MS", "5000"},
      {"CAMBIO_ADMIN_PORT", "0"},
      {"CAMBIO_LOG_LEVEL", "warn"}};
  for (auto& [k, v] : extra) settings[k] = v;
  mailer_ = std::make_unique<service_process>("mailer", settings);
}

nlohmann::json mail_stack::call(const std::string& queue, const nlohmann::json& params,
                                std::chrono::milliseconds timeout) {
  return client_.call(queue, params, {.timeout = timeout});
}

std::vector<std::int64_t> mail_stack::enqueue_test_mails(int count, const std::string& domain,
                                                         const std::string& prefix) {
  nlohmann::json mails = nlohmann::json::array();
  for (int i = 0; i < count; ++i) {
    mails.push_back({{"template", "test"},
                     {"recipient", prefix + std::to_string(i) + "@" + domain},
                     {"params", {{"text", "mail number " + std::to_string(i)}}}});
  }
  return call("db.mail.enqueue", {{"mails", mails}})["ids"].get<std::vector<std::int64_t>>();
}

std::vector<nlohmann::json> mail_stack::list(const std::string& status) {
  nlohmann::json params = {{"limit", 1000}};
  if (!status.empty()) params["status"] = status;
  return call("db.mail.list", params)["mails"].get<std::vector<nlohmann::json>>();
}

std::map<std::string, int> count_by_message_id(const std::vector<mail::message>& mails) {
  std::map<std::string, int> out;
  for (const auto& m : mails) {
    const auto id = m.headers.find("message-id");
    ++out[id == m.headers.end() ? "(none)" : id->second];
  }
  return out;
}

}  // namespace cambio::testing
