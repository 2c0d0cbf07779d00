#include "cambio/testing/infra.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include <httplib.h>
#include <sodium.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace cambio::testing {
namespace {

// The environment variable, else the value compiled in by tests/support/CMakeLists.txt.
std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

std::map<std::string, std::string> read_env_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path + " (did the infra fixture start?)");
  std::map<std::string, std::string> out;
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

// http://user:pass@host:port → client with basic auth.
struct mgmt_client {
  httplib::Client http;
  explicit mgmt_client(const std::string& url) : http(strip_userinfo(url)) {
    const auto at = url.find('@');
    const auto scheme_end = url.find("://") + 3;
    if (at != std::string::npos) {
      const auto userinfo = url.substr(scheme_end, at - scheme_end);
      const auto colon = userinfo.find(':');
      http.set_basic_auth(userinfo.substr(0, colon), userinfo.substr(colon + 1));
    }
    http.set_connection_timeout(5);
    http.set_read_timeout(30);
  }
  static std::string strip_userinfo(const std::string& url) {
    const auto at = url.find('@');
    if (at == std::string::npos) return url;
    return url.substr(0, url.find("://") + 3) + url.substr(at + 1);
  }
  std::string get(const std::string& path) {
    auto res = http.Get(path.c_str());
    if (!res || res->status != 200) {
      throw std::runtime_error("management API GET " + path + " failed");
    }
    return res->body;
  }
  void request(const std::string& method, const std::string& path, const std::string& body = "") {
    httplib::Result res = method == "PUT" ? http.Put(path.c_str(), body, "application/json")
                                          : http.Delete(path.c_str());
    if (!res || res->status >= 300) {
      throw std::runtime_error(
          "management API " + method + " " + path + " failed: " +
          (res ? std::to_string(res->status) + " " + res->body : httplib::to_string(res.error())));
    }
  }
};

}  // namespace

const infra& infra::get() {
  static const infra value = [] {
    auto env = read_env_file(env_or("CAMBIO_TEST_INFRA_ENV", CAMBIO_TEST_DEFAULT_INFRA_ENV));
    auto at = [&](const char* key) {
      auto it = env.find(key);
      if (it == env.end()) throw std::runtime_error(std::string("infra.env lacks ") + key);
      return it->second;
    };
    return infra{at("CAMBIO_TEST_AMQP_URL"), at("CAMBIO_TEST_MGMT_URL"),
                 at("CAMBIO_TEST_PG_URL"),   at("CAMBIO_TEST_SMTP_PORT"),
                 at("CAMBIO_TEST_MAIL_DIR"), at("CAMBIO_TEST_RABBITMQCTL")};
  }();
  return value;
}

std::string unique_name(const std::string& prefix) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium init failed");
  return prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(randombytes_random());
}

scoped_vhost::scoped_vhost() : name_(unique_name("t")) {
  mgmt_client mgmt(infra::get().mgmt_url);
  mgmt.request("PUT", "/api/vhosts/" + name_);
  mgmt.request("PUT", "/api/permissions/" + name_ + "/guest",
               R"({"configure":".*","write":".*","read":".*"})");
}

scoped_vhost::~scoped_vhost() {
  try {
    mgmt_client(infra::get().mgmt_url).request("DELETE", "/api/vhosts/" + name_);
  } catch (...) {
    // Best effort: the whole broker goes away with the fixture.
  }
}

std::string management_get(const std::string& path) {
  return mgmt_client(infra::get().mgmt_url).get(path);
}

std::string scoped_vhost::amqp_url() const { return infra::get().amqp_url + "/" + name_; }

scoped_database::scoped_database() : name_(unique_name("t")) {
  pqxx::connection c(infra::get().pg_url);
  pqxx::nontransaction tx(c);
  tx.exec("CREATE DATABASE " + tx.quote_name(name_));
}

scoped_database::~scoped_database() {
  try {
    pqxx::connection c(infra::get().pg_url);
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (...) {
  }
}

std::string scoped_database::url() const {
  const auto& base = infra::get().pg_url;
  return base.substr(0, base.rfind('/') + 1) + name_;
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

std::string source_root() { return env_or("CAMBIO_ROOT", CAMBIO_TEST_DEFAULT_ROOT); }
std::string bin_dir() { return env_or("CAMBIO_BIN", CAMBIO_TEST_DEFAULT_BIN); }

std::string ecb_history_csv() {
  std::vector<std::string> tried;
  if (const char* env = std::getenv("CAMBIO_TEST_ECB_CSV")) tried.emplace_back(env);
  tried.push_back(source_root() + "/../shared/data/ecb/eurofxref-hist.csv");
  tried.emplace_back("/work/shared/data/ecb/eurofxref-hist.csv");
  std::string list;
  for (const auto& path : tried) {
    if (std::ifstream(path).good()) return path;
    list += " " + path;
  }
  throw std::runtime_error("the ECB history eurofxref-hist.csv is in none of:" + list +
                           " (set CAMBIO_TEST_ECB_CSV)");
}

}  // namespace cambio::testing
