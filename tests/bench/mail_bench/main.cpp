// mail_bench — N mails through the whole path (db.mail.enqueue → outbox → mailer → one reused SMTP
// connection → the sink's Maildir), measured from the enqueue to the last file in the Maildir,
// beside the same N rendered messages sent the naive way in the same run: a new SMTP connection
// (a new libcurl handle) per mail, straight to the sink, no outbox at all. Also the same messages
// over one reused connection without the outbox, to show what the outbox costs. Prints mails/s
// and the ratio; the last line is `BENCH mail_bench key=value ...`. Target: outbox ≥ 3× the
// connection-per-mail baseline (ratio).
//
//   mail_bench [--infra-env <state>/infra.env] [--smtp-port P --maildir DIR] [--mails 2000]
//              [--rounds 1]
// (without --infra-env: CAMBIO_TEST_INFRA_ENV, as tests/bench/common/with_infra.sh sets it)
// db-proxy and the mailer run as processes (from CAMBIO_BIN or the build's bin/) on a fresh vhost
// and database of the test infrastructure; the sink is the infrastructure's, or the one given by
// --smtp-port/--maildir (run.sh starts one whose Maildir is in memory: see there).
// Exit status 1 if a run does not deliver every mail within its deadline.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench_figures.hpp"
#include "cambio/log.hpp"
#include "cambio/metrics.hpp"
#include "cambio/testing/infra.hpp"
#include "cambio/testing/service_process.hpp"
#include "mailer/delivery.hpp"
#include "mailer/mail_templates.hpp"
#include "mailer/smtp_transport.hpp"
#include "rmqrpc/client.hpp"

namespace {

namespace fs = std::filesystem;
using namespace cambio;
using cambio::bench::median;
using steady = std::chrono::steady_clock;

struct options {
  std::string infra_env;
  std::string smtp_port;
  std::string maildir;
  int mails = 2000;
  int rounds = 1;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "mail_bench: " << why << "\n"
            << "usage: mail_bench [--infra-env FILE] [--smtp-port P --maildir DIR] [--mails N]\n"
               "                  [--rounds R]\n";
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--infra-env") {
      o.infra_env = value();
    } else if (arg == "--smtp-port") {
      o.smtp_port = value();
    } else if (arg == "--maildir") {
      o.maildir = value();
    } else if (arg == "--mails") {
      o.mails = std::stoi(value());
    } else if (arg == "--rounds") {
      o.rounds = std::stoi(value());
    } else {
      usage("unknown argument " + arg);
    }
  }
  if (o.infra_env.empty()) {
    const char* env = std::getenv("CAMBIO_TEST_INFRA_ENV");
    if (env == nullptr || *env == '\0') usage("give --infra-env or set CAMBIO_TEST_INFRA_ENV");
    o.infra_env = env;
  }
  if (o.smtp_port.empty() != o.maildir.empty()) usage("give --smtp-port and --maildir together");
  if (o.mails < 1 || o.rounds < 1) usage("--mails and --rounds must be positive");
  return o;
}

std::size_t files_in(const fs::path& maildir) {
  std::size_t n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(maildir / "new", ec), end; !ec && it != end; it.increment(ec)) {
    ++n;
  }
  return n;
}

// Waits until the Maildir holds `count` files; false after `timeout`.
bool wait_files(const fs::path& maildir, std::size_t count, std::chrono::seconds timeout) {
  const auto deadline = steady::now() + timeout;
  while (files_in(maildir) < count) {
    if (steady::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

double seconds_since(steady::time_point t) {
  return std::chrono::duration<double>(steady::now() - t).count();
}

nlohmann::json test_mails(int count, const std::string& tag) {
  nlohmann::json mails = nlohmann::json::array();
  for (int i = 0; i < count; ++i) {
    mails.push_back({{"template", "test"},
                     {"recipient", "bench" + std::to_string(i) + "@" + tag + ".bench"},
                     {"params", {{"text", "benchmark mail " + std::to_string(i)}}}});
  }
  return mails;
}

struct stack {
  testing::scoped_vhost vhost;
  testing::scoped_database database;
  metrics::registry metrics;
  std::unique_ptr<rmqrpc::client> client;
  std::unique_ptr<testing::service_process> db_proxy;
  std::unique_ptr<testing::service_process> mailer;

  explicit stack(const std::string& smtp_url) {
    rmqrpc::client_settings s;
    s.connection.url = vhost.amqp_url();
    s.connection.name = "mail-bench";
    client = std::make_unique<rmqrpc::client>(s, metrics);
    db_proxy = std::make_unique<testing::service_process>(
        "db-proxy", std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost.amqp_url()},
                                                       {"CAMBIO_PG_URL", database.url()},
                                                       {"CAMBIO_ADMIN_PORT", "0"},
                                                       {"CAMBIO_LOG_LEVEL", "warn"}});
    if (!testing::eventually([&] { return answers("db.ping"); }, std::chrono::seconds(60))) {
      throw std::runtime_error("db-proxy did not come up");
    }
    // The mailer as deployed: defaults but for the SMTP server.
    mailer = std::make_unique<testing::service_process>(
        "mailer", std::map<std::string, std::string>{{"CAMBIO_AMQP_URL", vhost.amqp_url()},
                                                     {"CAMBIO_SMTP_URL", smtp_url},
                                                     {"CAMBIO_ADMIN_PORT", "0"},
                                                     {"CAMBIO_LOG_LEVEL", "warn"}});
    if (!testing::eventually([&] { return answers("mail.health"); }, std::chrono::seconds(30))) {
      throw std::runtime_error("the mailer did not come up");
    }
  }

  bool answers(const char* queue) {
    try {
      client->call(queue, nlohmann::json::object(), {.timeout = std::chrono::milliseconds(1000)});
      return true;
    } catch (const rmqrpc::error&) {
      return false;
    }
  }

  void enqueue(const nlohmann::json& mails) {
    // Callers enqueue in transactions of their own; 500 per call keeps each one short.
    for (std::size_t i = 0; i < mails.size(); i += 500) {
      nlohmann::json part(
          mails.begin() + static_cast<std::ptrdiff_t>(i),
          mails.begin() + static_cast<std::ptrdiff_t>(std::min(mails.size(), i + 500)));
      client->call("db.mail.enqueue", {{"mails", part}}, {.timeout = std::chrono::seconds(30)});
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  const auto o = parse(argc, argv);
  setenv("CAMBIO_TEST_INFRA_ENV", o.infra_env.c_str(), 1);
  cambio::log::init("mail_bench", cambio::log::format::text, spdlog::level::warn);
  const auto& infra = testing::infra::get();
  const auto port = o.smtp_port.empty() ? infra.smtp_port : o.smtp_port;
  const fs::path maildir = o.maildir.empty() ? infra.mail_dir : o.maildir;
  const auto smtp_url = "smtp://127.0.0.1:" + port;
  const auto n = static_cast<std::size_t>(o.mails);
  const auto deadline = std::chrono::seconds(60 + o.mails / 10);

  std::cerr << "mail_bench: " << o.mails << " mails per mode, " << o.rounds << " round(s), sink "
            << smtp_url << " → " << maildir.string() << ", " << std::thread::hardware_concurrency()
            << " cores\n";
  stack s(smtp_url);

  // The baselines send exactly what the mailer would: the same template, the same builder.
  const auto& templates = mailer::mail_templates::embedded();
  const mailer::mailbox from{"Cambio", "no-reply@cambio.localhost"};
  const auto rendered = [&](const std::string& tag) {
    std::vector<std::pair<std::string, std::string>> out;
    int i = 0;
    for (const auto& m : test_mails(o.mails, tag)) {
      mailer::claimed_mail c{
          i, "test", m["recipient"], m["params"], "bench-" + tag + "-" + std::to_string(i), 0};
      out.emplace_back(c.recipient, mailer::render_message(c, templates, from, "cambio.localhost",
                                                           std::chrono::system_clock::now()));
      ++i;
    }
    return out;
  };
  const auto send_direct = [&](bool reuse, const std::string& tag) {
    const auto messages = rendered(tag);
    mailer::smtp_transport smtp(
        {.url = smtp_url, .helo_domain = "cambio.localhost", .reuse_connection = reuse});
    const auto before = files_in(maildir);
    const auto started = steady::now();
    for (const auto& [rcpt, message] : messages) {
      const auto r = smtp.send(from.address, rcpt, message);
      if (r.outcome != mailer::smtp_outcome::sent) throw std::runtime_error(r.error);
    }
    if (!wait_files(maildir, before + n, deadline)) throw std::runtime_error("mails missing");
    const auto secs = seconds_since(started);
    std::cerr << "  " << (reuse ? "one reused connection, no outbox" : "a connection per mail ")
              << "  " << n << " mails in " << secs << " s (" << smtp.connections_opened()
              << " connection(s))\n";
    return static_cast<double>(n) / secs;
  };
  const auto send_outbox = [&](const std::string& tag) {
    const auto mails = test_mails(o.mails, tag);
    const auto before = files_in(maildir);
    const auto started = steady::now();
    s.enqueue(mails);
    const auto enqueued = seconds_since(started);
    if (!wait_files(maildir, before + n, deadline)) throw std::runtime_error("mails missing");
    const auto secs = seconds_since(started);
    std::cerr << "  outbox → mailer → sink       " << n << " mails in " << secs
              << " s (enqueued in " << enqueued << " s)\n";
    return static_cast<double>(n) / secs;
  };

  try {
    // Warm-up: connections, prepared caches, the sink's first files.
    const auto before = files_in(maildir);
    s.enqueue(test_mails(20, "warmup"));
    if (!wait_files(maildir, before + 20, std::chrono::seconds(60))) {
      throw std::runtime_error("warm-up mails missing");
    }
    // Where the outbox's time goes: one db.mail.sent round trip (the mailer marks every mail).
    std::vector<double> marks;
    for (int i = 0; i < 200; ++i) {
      const auto t = steady::now();
      s.client->call("db.mail.sent", {{"worker", "mail-bench"}, {"ids", {1}}});
      marks.push_back(seconds_since(t) * 1000);
    }
    const auto mark_ms = median(marks);
    std::cerr << "  db.mail.sent round trip: " << mark_ms << " ms (median of 200)\n";
    std::vector<double> outbox, per_connection, reused, ratios;
    for (int round = 0; round < o.rounds; ++round) {
      const auto tag = "r" + std::to_string(round);
      outbox.push_back(send_outbox(tag + "o"));
      per_connection.push_back(send_direct(false, tag + "c"));
      reused.push_back(send_direct(true, tag + "d"));
      ratios.push_back(outbox.back() / per_connection.back());
    }
    const auto o_mps = median(outbox), c_mps = median(per_connection), d_mps = median(reused);
    const auto ratio = median(ratios);
    std::printf("\nmail_bench: %d mails per mode, median of %d round(s)\n", o.mails, o.rounds);
    std::printf("  %-44s %10.0f mails/s\n", "outbox → mailer (one reused connection)", o_mps);
    std::printf("  %-44s %10.0f mails/s\n", "baseline: a new SMTP connection per mail", c_mps);
    std::printf("  %-44s %10.0f mails/s\n", "(reference: one reused connection, no outbox)", d_mps);
    std::printf("  %-44s %10.2f ms\n", "(reference: one db.mail.sent round trip)", mark_ms);
    std::printf("  ratio outbox / connection-per-mail: %.2f (target >= 3)\n", ratio);
    std::printf(
        "BENCH mail_bench mails=%d outbox_mps=%.0f per_connection_mps=%.0f "
        "direct_reuse_mps=%.0f mark_rtt_ms=%.2f ratio=%.2f rounds=%d\n",
        o.mails, o_mps, c_mps, d_mps, mark_ms, ratio, o.rounds);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "mail_bench: " << e.what() << "\n";
    return 1;
  }
}
