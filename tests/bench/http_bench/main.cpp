// http_bench — `wrk` against GET /api/v1/me with a JWT at 64 connections, beside the rmqrpc echo at
// 64 calls in flight in the same run. Targets: /me ≥ 0.5× the echo's throughput, with p99 < 25 ms.
//
// /api/v1/me is the API's typical authenticated read: the frontend checks the token and the
// per-user limit (raised out of the way here), then takes the profile from its profile cache
// (services/frontend/accounts/profile_cache.hpp), which calls db-proxy (db.accounts.profile, one
// indexed PostgreSQL read) only on a miss: the first request, and the first after the user's
// profile changed. The frontend runs with its default cache settings, and the bench reports the
// share of hits during its wrk runs (`cache_hits`, from the frontend's /metrics). The echo —
// test.echo served in this process with the library defaults — is the floor of one RPC on this
// broker. The account is made the way a user makes one: register, the verification mail from the
// SMTP sink, verify, log in (tests/frontend/accounts_stack).
//
// A third subject is what a miss costs: db.accounts.profile driven straight from this process at
// the same 64 in flight, the frontend and HTTP left out. A /me that read through db-proxy every
// time would do all of that and more on the same two cores, so profile ÷ echo (`ratio_bound`) is
// the highest /me ÷ echo such a frontend could reach.
//
//   http_bench [--seconds S] [--warmup S] [--rounds R] [--connections N] [--wrk /usr/bin/wrk]
// Needs CAMBIO_TEST_INFRA_ENV (run.sh) and wrk (Debian package). The last line is
// `BENCH http_bench ...`. Exit status 1 if a run fails or completes nothing; wrk's errors
// (timeouts, non-2xx answers) are counted in the BENCH line.

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "accounts_stack.hpp"
#include "bench_figures.hpp"
#include "bench_options.hpp"
#include "cambio/log.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/ports.hpp"
#include "echo_server.hpp"

namespace {

using namespace cambio::bench;

struct options {
  double seconds = 5;
  double warmup = 1;
  int rounds = 3;
  int connections = 64;
  std::string wrk = "wrk";
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "http_bench: " << why
            << "\nusage: http_bench [--seconds S] [--warmup S] [--rounds R] [--connections N] "
               "[--wrk PATH]\n";
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  parse_options(argc, argv,
                {{"--seconds", [&](const std::string& v) { o.seconds = std::stod(v); }},
                 {"--warmup", [&](const std::string& v) { o.warmup = std::stod(v); }},
                 {"--rounds", [&](const std::string& v) { o.rounds = std::stoi(v); }},
                 {"--connections", [&](const std::string& v) { o.connections = std::stoi(v); }},
                 {"--wrk", [&](const std::string& v) { o.wrk = v; }}},
                usage);
  if (o.seconds < 1 || o.warmup < 0 || o.rounds < 1 || o.connections < 1) {
    usage("--seconds must be >= 1 (wrk's unit), --warmup >= 0, --rounds and --connections >= 1");
  }
  return o;
}

std::string run_command(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  if (::pclose(pipe) != 0) throw std::runtime_error("failed: " + command + "\n" + out);
  return out;
}

// "12.34ms" → 12.34; also us and s.
double milliseconds(const std::string& value, const std::string& unit) {
  const double v = std::stod(value);
  if (unit == "us") return v / 1000;
  if (unit == "s") return v * 1000;
  return v;
}

struct wrk_result {
  double rps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  long long errors = 0;  // socket errors and non-2xx answers
};

// Reads wrk --latency's report.
wrk_result parse_wrk(const std::string& report) {
  wrk_result r;
  std::smatch m;
  if (!std::regex_search(report, m, std::regex(R"(Requests/sec:\s+([0-9.]+))"))) {
    throw std::runtime_error("wrk printed no Requests/sec:\n" + report);
  }
  r.rps = std::stod(m[1]);
  const std::regex percentile(R"(\n\s+(50|99)%\s+([0-9.]+)(us|ms|s)\b)");
  for (auto it = std::sregex_iterator(report.begin(), report.end(), percentile);
       it != std::sregex_iterator(); ++it) {
    ((*it)[1] == "50" ? r.p50_ms : r.p99_ms) = milliseconds((*it)[2], (*it)[3]);
  }
  if (std::regex_search(report, m, std::regex(R"(Non-2xx or 3xx responses:\s+([0-9]+))"))) {
    r.errors += std::stoll(m[1]);
  }
  if (std::regex_search(
          report, m,
          std::regex(
              R"(Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+))"))) {
    for (int i = 1; i <= 4; ++i) r.errors += std::stoll(m[i]);
  }
  return r;
}

struct bench_user {
  std::string access_token;
  long long id = 0;
};

// Registers, verifies and logs in a bench user through the API; its access token and id. The user
// is new to this run: the sink's Maildir may hold an earlier run's mails (a shared test
// infrastructure), and their links are not this database's.
struct lookup_counts {
  double hits = 0, misses = 0;
};

// The frontend's profile cache counters, from its admin port's /metrics.
lookup_counts cache_lookups(std::uint16_t admin_port) {
  httplib::Client c("127.0.0.1", admin_port);
  const auto res = c.Get("/metrics");
  if (!res || res->status != 200)
    throw std::runtime_error("the frontend's /metrics did not answer");
  const auto value = [&](const std::string& outcome) {
    const std::string key = "frontend_profile_cache_lookups_total{outcome=\"" + outcome + "\"} ";
    const auto at = res->body.find(key);
    if (at == std::string::npos) throw std::runtime_error("no " + key + "in /metrics");
    return std::stod(res->body.substr(at + key.size()));
  };
  return {value("hit"), value("miss")};
}

bench_user make_user(cambio::testing::accounts_stack& stack) {
  httplib::Client http("127.0.0.1", stack.port());
  http.set_read_timeout(std::chrono::seconds(15));
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", std::random_device{}());
  const auto username = std::string("bench_") + suffix;
  const auto email = username + "@example.com";
  const std::string password = "correct horse battery staple";
  const auto reg = http.Post(
      "/api/v1/register",
      nlohmann::json{{"username", username}, {"email", email}, {"password", password}}.dump(),
      "application/json");
  if (!reg || reg->status != 202) throw std::runtime_error("registration failed");
  const auto link = stack.wait_for_link(email, "/verify?token=");
  const auto token = link.substr(link.find("token=") + 6);
  const auto verified =
      http.Post("/api/v1/verify", nlohmann::json{{"token", token}}.dump(), "application/json");
  if (!verified || verified->status != 200) throw std::runtime_error("verification failed");
  const auto pair = http.Post("/api/v1/token",
                              nlohmann::json{{"username", username}, {"password", password}}.dump(),
                              "application/json");
  if (!pair || pair->status != 200) throw std::runtime_error("login failed");
  bench_user user;
  user.access_token = nlohmann::json::parse(pair->body).at("access_token").get<std::string>();
  const auto me = http.Get("/api/v1/me", {{"Authorization", "Bearer " + user.access_token}});
  if (!me || me->status != 200) throw std::runtime_error("GET /api/v1/me failed");
  user.id = nlohmann::json::parse(me->body).at("id").get<long long>();
  return user;
}

// /me's own backend call, made directly: the load of the bound (shaped as the echo's, as
// convert_bench shapes its load).
load_spec profile_load(const bench_user& user, std::size_t in_flight, double warmup,
                       double seconds) {
  auto s = echo_load(in_flight, warmup, seconds);
  s.queue = "db.accounts.profile";
  s.next_params = [id = user.id] { return nlohmann::json{{"user_id", id}}; };
  s.accept = [id = user.id](const nlohmann::json& r) {
    return r.is_object() && r.value("user_id", 0LL) == id;
  };
  return s;
}

}  // namespace

int main(int argc, char** argv) try {
  const auto o = parse(argc, argv);
  cambio::log::init("http_bench", cambio::log::format::text, spdlog::level::warn);
  if (std::system(("command -v " + cambio::testing::shell_quote(o.wrk) + " >/dev/null").c_str()) !=
      0) {
    throw std::runtime_error(o.wrk +
                             " is not installed: apt-get install wrk (deploy/install-deps.sh)");
  }

  // The per-user limit would be the subject otherwise: out of the way.
  const auto admin_port = cambio::testing::free_port();
  cambio::testing::accounts_stack stack({{"CAMBIO_API_RATE_LIMIT", "1000000"},
                                         {"CAMBIO_LOG_LEVEL", "warn"},
                                         {"CAMBIO_ADMIN_PORT", std::to_string(admin_port)}});
  const auto user = make_user(stack);
  echo_server echo(stack.amqp_url());
  if (!wait_until_served(stack.rpc(), "test.echo", {{"text", "ping"}})) {
    throw std::runtime_error("the echo server did not come up");
  }

  const auto wrk_command = [&](double seconds) {
    return o.wrk + " -t2 -c" + std::to_string(o.connections) + " -d" + fixed(seconds, 0) +
           "s --latency -H " +
           cambio::testing::shell_quote("Authorization: Bearer " + user.access_token) + " " +
           cambio::testing::shell_quote(stack.base_url() + "/api/v1/me") + " 2>&1";
  };
  std::vector<double> http_rps, http_p99, echo_cps, profile_cps, profile_p99, ratios, bounds;
  long long http_errors = 0;  // wrk's timeouts and non-2xx answers: reported, not fatal
  const auto lookups_before = cache_lookups(admin_port);
  bool ok = true;
  std::printf("%-6s %-10s %10s %9s %9s %8s\n", "round", "subject", "per s", "p50 ms", "p99 ms",
              "errors");
  for (int round = 1; round <= o.rounds; ++round) {
    if (o.warmup > 0) run_command(wrk_command(std::max(1.0, o.warmup)));
    const auto w = parse_wrk(run_command(wrk_command(o.seconds)));
    std::printf("%-6d %-10s %10.0f %9.3f %9.3f %8lld\n", round, "GET /me", w.rps, w.p50_ms,
                w.p99_ms, w.errors);
    const auto e = drive_load(
        stack.rpc(), echo_load(static_cast<std::size_t>(o.connections), o.warmup, o.seconds));
    std::printf("%-6d %-10s %10.0f %9.3f %9.3f %8llu\n", round, "echo", e.cps, e.p50_ms, e.p99_ms,
                static_cast<unsigned long long>(e.failures));
    const auto p = drive_load(
        stack.rpc(),
        profile_load(user, static_cast<std::size_t>(o.connections), o.warmup, o.seconds));
    std::printf("%-6d %-10s %10.0f %9.3f %9.3f %8llu\n", round, "profile", p.cps, p.p50_ms,
                p.p99_ms, static_cast<unsigned long long>(p.failures));
    std::fflush(stdout);
    if (w.rps <= 0 || e.calls == 0 || e.failures > 0 || p.calls == 0 || p.failures > 0) {
      ok = false;
    }
    http_errors += w.errors;
    http_rps.push_back(w.rps);
    http_p99.push_back(w.p99_ms);
    echo_cps.push_back(e.cps);
    profile_cps.push_back(p.cps);
    profile_p99.push_back(p.p99_ms);
    if (e.cps > 0) {
      ratios.push_back(w.rps / e.cps);
      bounds.push_back(p.cps / e.cps);
    }
  }

  const auto lookups_after = cache_lookups(admin_port);
  const double hits = lookups_after.hits - lookups_before.hits;
  const double misses = lookups_after.misses - lookups_before.misses;
  const double hit_share = hits + misses > 0 ? hits / (hits + misses) : 0;
  const double ratio = median(ratios);
  const double bound = median(bounds);
  const double p99 = median(http_p99);
  std::printf(
      "\n%d connections: GET /api/v1/me / echo = %.3f (target >= 0.5: %s); p99 %.1f ms "
      "(target < 25: %s)\n"
      "profile cache: %.0f hits, %.0f misses during the wrk runs (%.4f hits)\n"
      "db.accounts.profile alone / echo = %.3f, p99 %.1f ms: the most a /me that read through "
      "db-proxy every time could reach\n",
      o.connections, ratio, ratio >= 0.5 ? "met" : "MISSED", p99, p99 < 25 ? "met" : "MISSED", hits,
      misses, hit_share, bound, median(profile_p99));
  std::printf(
      "BENCH http_bench connections=%d http_rps=%s http_p99_ms=%s http_errors=%lld echo_cps=%s "
      "profile_cps=%s profile_p99_ms=%s cache_hits=%s ratio_echo=%s ratio_bound=%s seconds=%s "
      "rounds=%d\n",
      o.connections, fixed(median(http_rps), 0).c_str(), fixed(p99, 3).c_str(), http_errors,
      fixed(median(echo_cps), 0).c_str(), fixed(median(profile_cps), 0).c_str(),
      fixed(median(profile_p99), 3).c_str(), fixed(hit_share, 4).c_str(), fixed(ratio, 3).c_str(),
      fixed(bound, 3).c_str(), fixed(o.seconds, 0).c_str(), o.rounds);
  return ok ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "http_bench: %s\n", e.what());
  return 1;
}
