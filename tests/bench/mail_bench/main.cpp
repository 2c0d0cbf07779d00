// mail_bench — N mails through the whole path (db.mail.enqueue → outbox → mailer → one reused SMTP
// connection → the sink's Maildir), measured from the enqueue to the last file in the Maildir,
// beside the same N rendered messages sent the naive way in the same run: a new SMTP connection
// (a new libcurl handle) per mail, straight to the sink, no outbox at all. Also the same messages
// over one reused connection without the outbox, to show what the outbox costs. Prints mails/s
// and the ratio; the last line is `BENCH mail_bench key=value ...`. Target: outbox ≥ 3× the
// connection-per-mail baseline (ratio).
//
// Then the same three modes against what a real relay requires: a sink of its own that takes mail
// only after STARTTLS and AUTH (deploy/smtp_sink.py --tls-cert --tls-key --require-tls --auth,
// a self-signed P-256 certificate made with openssl at start, its Maildir in /dev/shm when there
// is one). The mailer is restarted with STARTTLS required, a user and password and the
// certificate as CAMBIO_SMTP_CA_FILE, and keeps one TLS connection; the baseline opens a new one
// per mail with libcurl as any client does (connect, EHLO, STARTTLS, EHLO, AUTH, MAIL/RCPT/DATA,
// QUIT), verifying the certificate. Keys tls_outbox_mps, tls_per_connection_mps,
// tls_direct_reuse_mps, tls_ratio (--no-tls skips this part).
//
//   mail_bench [--infra-env <state>/infra.env] [--smtp-port P --maildir DIR] [--mails 2000]
//              [--rounds 1] [--no-tls]
// (without --infra-env: CAMBIO_TEST_INFRA_ENV, as tests/bench/common/with_infra.sh sets it)
// db-proxy and the mailer run as processes (from CAMBIO_BIN or the build's bin/) on a fresh vhost
// and database of the test infrastructure; the sink is the infrastructure's, or the one given by
// --smtp-port/--maildir (run.sh starts one whose Maildir is in memory: see there).
// Exit status 1 if a run does not deliver every mail within its deadline.

#include <unistd.h>

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
#include "cambio/testing/ports.hpp"
#include "cambio/testing/service_process.hpp"
#include "mail_text.hpp"
#include "maildir_arrivals.hpp"
#include "mailer/delivery.hpp"
#include "mailer/mail_templates.hpp"
#include "mailer/smtp_transport.hpp"
#include "rmqrpc/client.hpp"

namespace {

namespace fs = std::filesystem;
using namespace cambio;
using cambio::bench::maildir_arrivals;
using cambio::bench::median;
using steady = std::chrono::steady_clock;

struct options {
  std::string infra_env;
  std::string smtp_port;
  std::string maildir;
  int mails = 2000;
  int rounds = 1;
  bool tls = true;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "mail_bench: " << why << "\n"
            << "usage: mail_bench [--infra-env FILE] [--smtp-port P --maildir DIR] [--mails N]\n"
               "                  [--rounds R] [--no-tls]\n";
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
    } else if (arg == "--no-tls") {
      o.tls = false;
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

  explicit stack(const std::map<std::string, std::string>& smtp) {
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
    start_mailer(smtp);
  }

  // (Re)starts the mailer as deployed: defaults but for the SMTP settings (CAMBIO_SMTP_*).
  void start_mailer(const std::map<std::string, std::string>& smtp) {
    mailer.reset();  // SIGTERM: its last mark is stored before it exits
    std::map<std::string, std::string> settings{{"CAMBIO_AMQP_URL", vhost.amqp_url()},
                                                {"CAMBIO_ADMIN_PORT", "0"},
                                                {"CAMBIO_LOG_LEVEL", "warn"}};
    settings.insert(smtp.begin(), smtp.end());
    mailer = std::make_unique<testing::service_process>("mailer", settings);
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

// The sink a real relay stands for: STARTTLS required, then AUTH required (deploy/smtp_sink.py),
// on a free loopback port, with a self-signed certificate for localhost/127.0.0.1 made now; its
// folder (certificate, Maildir, log) in /dev/shm when there is one, like run.sh's plaintext sink.
struct tls_sink {
  static constexpr const char* user = "bench";
  static constexpr const char* password = "bench-relay-password";
  fs::path dir;
  std::uint16_t port = 0;
  std::unique_ptr<testing::service_process> process;

  tls_sink() {
    std::error_code ec;
    const fs::path shm = "/dev/shm";
    const auto root = fs::is_directory(shm, ec) && ::access(shm.c_str(), W_OK) == 0
                          ? shm
                          : fs::temp_directory_path();
    dir = root / testing::unique_name("mail_bench_tls_");
    fs::create_directories(dir / "mail");
    const auto d = testing::shell_quote(dir.string());
    const auto openssl =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -keyout " +
        d + "/key.pem -out " + d + "/cert.pem -subj /CN=localhost -addext " +
        "subjectAltName=DNS:localhost,IP:127.0.0.1 > " + d + "/openssl.log 2>&1";
    if (std::system(openssl.c_str()) != 0) {
      throw std::runtime_error("openssl could not make the TLS sink's certificate (see " +
                               dir.string() + "/openssl.log)");
    }
    port = testing::free_port();
    // Its log (a line per mail) goes to a file, not into the benchmark's output.
    const auto command = "exec /usr/bin/python3 " +
                         testing::shell_quote(testing::source_root() + "/deploy/smtp_sink.py") +
                         " --port " + std::to_string(port) + " --maildir " + d + "/mail" +
                         " --tls-cert " + d + "/cert.pem --tls-key " + d + "/key.pem" +
                         " --require-tls --auth " + user + ":" + password + " > " + d +
                         "/sink.log 2>&1";
    process = std::make_unique<testing::service_process>(
        "/bin/sh", std::map<std::string, std::string>{}, std::vector<std::string>{"-c", command});
    if (!testing::eventually([&] { return testing::port_open(port); }, std::chrono::seconds(15))) {
      throw std::runtime_error("the TLS sink did not start (see " + dir.string() + "/sink.log)");
    }
  }
  ~tls_sink() {
    process.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  tls_sink(const tls_sink&) = delete;
  tls_sink& operator=(const tls_sink&) = delete;

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port); }
  std::string ca_file() const { return (dir / "cert.pem").string(); }
  fs::path maildir() const { return dir / "mail"; }
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
  stack s({{"CAMBIO_SMTP_URL", smtp_url}});
  // Where the baselines send: the plaintext sink, or the TLS + AUTH one.
  struct target {
    mailer::smtp_settings smtp;
    fs::path maildir;
  };
  const target plain{{.url = smtp_url, .helo_domain = "cambio.localhost"}, maildir};

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
  const auto send_direct = [&](const target& t, bool reuse, const std::string& tag) {
    const auto messages = rendered(tag);
    auto settings = t.smtp;
    settings.reuse_connection = reuse;
    mailer::smtp_transport smtp(settings);
    maildir_arrivals arrivals(t.maildir);
    const auto before = testing::mail::count_maildir(t.maildir);
    const auto started = steady::now();
    for (const auto& [rcpt, message] : messages) {
      const auto r = smtp.send(from.address, rcpt, message);
      if (r.outcome != mailer::smtp_outcome::sent) throw std::runtime_error(r.error);
    }
    if (!arrivals.wait_for(before + n, deadline)) throw std::runtime_error("mails missing");
    const auto secs = seconds_since(started);
    std::cerr << "  " << (reuse ? "one reused connection, no outbox" : "a connection per mail ")
              << "  " << n << " mails in " << secs << " s (" << smtp.connections_opened()
              << " connection(s))\n";
    return static_cast<double>(n) / secs;
  };
  const auto send_outbox = [&](const target& t, const std::string& tag) {
    const auto mails = test_mails(o.mails, tag);
    maildir_arrivals arrivals(t.maildir);
    const auto before = testing::mail::count_maildir(t.maildir);
    const auto started = steady::now();
    s.enqueue(mails);
    const auto enqueued = seconds_since(started);
    if (!arrivals.wait_for(before + n, deadline)) throw std::runtime_error("mails missing");
    const auto secs = seconds_since(started);
    std::cerr << "  outbox → mailer → sink       " << n << " mails in " << secs
              << " s (enqueued in " << enqueued << " s)\n";
    return static_cast<double>(n) / secs;
  };

  // Warm-up: connections, prepared caches, the sink's first files.
  const auto warm_up = [&](const target& t, const std::string& tag) {
    maildir_arrivals arrivals(t.maildir);
    const auto before = testing::mail::count_maildir(t.maildir);
    s.enqueue(test_mails(20, tag));
    if (!arrivals.wait_for(before + 20, std::chrono::seconds(60))) {
      throw std::runtime_error("warm-up mails missing");
    }
  };

  try {
    warm_up(plain, "warmup");
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
      outbox.push_back(send_outbox(plain, tag + "o"));
      per_connection.push_back(send_direct(plain, false, tag + "c"));
      reused.push_back(send_direct(plain, true, tag + "d"));
      ratios.push_back(outbox.back() / per_connection.back());
    }
    const auto o_mps = median(outbox), c_mps = median(per_connection), d_mps = median(reused);
    const auto ratio = median(ratios);

    // The same against a sink that requires STARTTLS and AUTH, the mailer restarted for it.
    double t_o_mps = 0, t_c_mps = 0, t_d_mps = 0, t_ratio = 0;
    std::unique_ptr<tls_sink> secure;
    if (o.tls) {
      secure = std::make_unique<tls_sink>();
      const target tls{{.url = secure->url(),
                        .starttls_required = true,
                        .user = tls_sink::user,
                        .password = tls_sink::password,
                        .helo_domain = "cambio.localhost",
                        .ca_file = secure->ca_file()},
                       secure->maildir()};
      std::cerr << "mail_bench: STARTTLS + AUTH sink " << secure->url() << " → "
                << secure->maildir().string() << "\n";
      s.start_mailer({{"CAMBIO_SMTP_URL", secure->url()},
                      {"CAMBIO_SMTP_STARTTLS", "required"},
                      {"CAMBIO_SMTP_USER", tls_sink::user},
                      {"CAMBIO_SMTP_PASSWORD", tls_sink::password},
                      {"CAMBIO_SMTP_CA_FILE", secure->ca_file()}});
      warm_up(tls, "tlswarmup");
      std::vector<double> t_outbox, t_per_connection, t_reused, t_ratios;
      for (int round = 0; round < o.rounds; ++round) {
        const auto tag = "t" + std::to_string(round);
        t_outbox.push_back(send_outbox(tls, tag + "o"));
        t_per_connection.push_back(send_direct(tls, false, tag + "c"));
        t_reused.push_back(send_direct(tls, true, tag + "d"));
        t_ratios.push_back(t_outbox.back() / t_per_connection.back());
      }
      t_o_mps = median(t_outbox);
      t_c_mps = median(t_per_connection);
      t_d_mps = median(t_reused);
      t_ratio = median(t_ratios);
    }

    std::printf("\nmail_bench: %d mails per mode, median of %d round(s)\n", o.mails, o.rounds);
    std::printf("  %-44s %10.0f mails/s\n", "outbox → mailer (one reused connection)", o_mps);
    std::printf("  %-44s %10.0f mails/s\n", "baseline: a new SMTP connection per mail", c_mps);
    std::printf("  %-44s %10.0f mails/s\n", "(reference: one reused connection, no outbox)", d_mps);
    std::printf("  %-44s %10.2f ms\n", "(reference: one db.mail.sent round trip)", mark_ms);
    std::printf("  ratio outbox / connection-per-mail: %.2f (target >= 3)\n", ratio);
    std::string tls_keys;
    if (o.tls) {
      std::printf("  against a sink requiring STARTTLS + AUTH (P-256 certificate, verified):\n");
      std::printf("  %-44s %10.0f mails/s\n", "outbox → mailer (one reused TLS connection)",
                  t_o_mps);
      std::printf("  %-44s %10.0f mails/s\n", "baseline: a new TLS + AUTH connection per mail",
                  t_c_mps);
      std::printf("  %-44s %10.0f mails/s\n", "(reference: one reused TLS connection, no outbox)",
                  t_d_mps);
      std::printf("  ratio TLS outbox / connection-per-mail: %.2f (target >= 3)\n", t_ratio);
      char buffer[256];
      std::snprintf(buffer, sizeof buffer,
                    " tls_outbox_mps=%.0f tls_per_connection_mps=%.0f tls_direct_reuse_mps=%.0f "
                    "tls_ratio=%.2f",
                    t_o_mps, t_c_mps, t_d_mps, t_ratio);
      tls_keys = buffer;
    }
    std::printf(
        "BENCH mail_bench mails=%d outbox_mps=%.0f per_connection_mps=%.0f "
        "direct_reuse_mps=%.0f mark_rtt_ms=%.2f ratio=%.2f%s rounds=%d\n",
        o.mails, o_mps, c_mps, d_mps, mark_ms, ratio, tls_keys.c_str(), o.rounds);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "mail_bench: " << e.what() << "\n";
    return 1;
  }
}
