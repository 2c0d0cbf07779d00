#pragma once
// Test access to the private infrastructure that the CTest fixture `infra` starts once per run
// (tests/infra/infra.sh): each test takes a fresh vhost and/or database and drops it afterwards.

#include <chrono>
#include <functional>
#include <string>

namespace cambio::testing {

struct infra {
  std::string amqp_url;  // amqp://guest:guest@127.0.0.1:PORT (no vhost)
  std::string mgmt_url;  // http://guest:guest@127.0.0.1:PORT
  std::string pg_url;    // postgresql://cambio@127.0.0.1:PORT/postgres (superuser)
  std::string smtp_port;
  std::string mail_dir;
  std::string rabbitmqctl;  // a command that runs rabbitmqctl against the test node

  // Reads <build>/test-infra/infra.env (or the file named by CAMBIO_TEST_INFRA_ENV); throws if it
  // is missing (the `infra` fixture has not run).
  static const infra& get();
};

// A RabbitMQ vhost made for one test (guest has full permissions), deleted on destruction.
class scoped_vhost {
 public:
  scoped_vhost();
  ~scoped_vhost();
  scoped_vhost(const scoped_vhost&) = delete;
  scoped_vhost& operator=(const scoped_vhost&) = delete;

  const std::string& name() const { return name_; }
  std::string amqp_url() const;  // infra amqp_url + "/" + vhost

 private:
  std::string name_;
};

// A PostgreSQL database made for one test, dropped on destruction.
class scoped_database {
 public:
  scoped_database();
  ~scoped_database();
  scoped_database(const scoped_database&) = delete;
  scoped_database& operator=(const scoped_database&) = delete;

  const std::string& name() const { return name_; }
  std::string url() const;

 private:
  std::string name_;
};

// GET on the RabbitMQ management API of the test broker, e.g. "/api/queues/<vhost>/<queue>".
std::string management_get(const std::string& path);

// `text` as one word for /bin/sh (single-quoted).
std::string shell_quote(const std::string& text);

// A unique lowercase name with the given prefix, e.g. "t_3f9a1c2b".
std::string unique_name(const std::string& prefix);

// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The root of the source tree and the folder of built executables (<build>/bin); CAMBIO_ROOT and
// CAMBIO_BIN override them.
std::string source_root();
std::string bin_dir();

// The ECB's reference-rate history (eurofxref-hist.csv), read where it lies, never copied into the
// repository: $CAMBIO_TEST_ECB_CSV, else <source root>/../shared/data/ecb/, else
// /work/shared/data/ecb/. Throws naming the places tried when it is in none of them.
std::string ecb_history_csv();

}  // namespace cambio::testing
