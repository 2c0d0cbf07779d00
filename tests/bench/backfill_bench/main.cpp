// backfill_bench — the whole ECB history (about 7,000 weekdays since 1999) through the ingest path
// into PostgreSQL, against `psql \copy` of the same rows in the same run. Target: the ingest stores
// rates at ≥ 0.3× the \copy rate (rows per second).
//
// The ingest path is what an operator's `cambioctl rates backfill` drives: rates.ingest {from, to}
// → rates-ingestor reads the ecb-csv provider, filters, chunks → db.rates.store → db-proxy's two
// unnest() inserts per chunk. The baseline copies the very rows the ingest stored (exported from
// the database afterwards) into tables of the same shape, keys and foreign key included.
//
//   backfill_bench [--copy-rounds N] [--csv FILE] [--from YYYY-MM-DD]  (--from: a shorter run)
// Needs CAMBIO_TEST_INFRA_ENV (tests/infra/infra.sh start; run.sh does it) and the db-proxy and
// rates-ingestor executables of the same build. The last line is `BENCH backfill_bench ...`.
// Exit status 1 if the ingest stores nothing or a step fails.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "bench_figures.hpp"
#include "bench_options.hpp"
#include "cambio/log.hpp"
#include "cambio/testing/infra.hpp"
#include "ecb_history.hpp"
#include "rates_stack.hpp"

namespace {

using cambio::bench::fixed;
using cambio::bench::parse_options;

using seconds = std::chrono::duration<double>;
using steady = std::chrono::steady_clock;

struct options {
  int copy_rounds = 3;
  std::string csv;
  std::string from;  // the first date to backfill (default: the file's first)
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "backfill_bench: " << why
            << "\nusage: backfill_bench [--copy-rounds N] [--csv FILE] [--from DATE]\n";
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  parse_options(argc, argv,
                {{"--copy-rounds", [&](const std::string& v) { o.copy_rounds = std::stoi(v); }},
                 {"--csv", [&](const std::string& v) { o.csv = v; }},
                 {"--from", [&](const std::string& v) { o.from = v; }}},
                usage);
  if (o.copy_rounds < 1) usage("--copy-rounds must be >= 1");
  return o;
}

long long count_rates(pqxx::connection& c) {
  pqxx::work tx(c);
  return tx.exec1("SELECT count(*) FROM rates")[0].as<long long>();
}

// psql with `commands` (each a -c), against `url`; throws if it fails.
void psql(const std::string& url, const std::vector<std::string>& commands) {
  std::string line = "psql -X -q -v ON_ERROR_STOP=1 '" + url + "'";
  for (const auto& c : commands) line += " -c \"" + c + "\"";
  if (std::system(line.c_str()) != 0) throw std::runtime_error("psql failed: " + line);
}

}  // namespace

int main(int argc, char** argv) try {
  const auto o = parse(argc, argv);
  cambio::log::init("backfill_bench", cambio::log::format::text, spdlog::level::warn);
  const auto csv = o.csv.empty() ? cambio::testing::ecb_history_csv() : o.csv;
  const auto table = cambio::testing::read_ecb_history(csv);
  const auto first = o.from.empty() ? table.begin()->first : o.from;
  const auto& last = table.rbegin()->first;
  std::printf("backfill_bench: %s: %zu days, %s .. %s\n", csv.c_str(), table.size(), first.c_str(),
              last.c_str());

  cambio::testing::rates_stack stack;
  stack.start_ingestor(csv);
  // At start the ingestor stores the newest set and its window (a month): wait for that, so the
  // measured ingest is the backfill alone.
  if (!stack.wait_for_last_date(last)) throw std::runtime_error("the ingestor did not start");
  pqxx::connection db(stack.database_url());
  const auto before = count_rates(db);

  const auto started = steady::now();
  const auto reply =
      stack.call("rates.ingest", {{"from", first}, {"to", last}}, std::chrono::minutes(15));
  const double ingest_s = seconds(steady::now() - started).count();
  const auto ingest_rows = count_rates(db) - before;
  const auto sets = reply["stored"].size();
  if (ingest_rows <= 0 || sets == 0)
    throw std::runtime_error("the ingest stored nothing: " + reply.dump());
  const double ingest_rps = static_cast<double>(ingest_rows) / ingest_s;
  std::printf("ingest  %6zu sets %8lld rates in %7.3f s: %9.0f rates/s\n", sets, ingest_rows,
              ingest_s, ingest_rps);

  // The baseline: the same rows, exported, then \copy'd into tables of the same shape.
  const auto dir =
      std::filesystem::temp_directory_path() / ("backfill_bench." + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto sets_file = (dir / "sets.csv").string();
  const auto rates_file = (dir / "rates.csv").string();
  const auto url = stack.database_url();
  psql(url,
       {"\\copy (SELECT id, provider, rate_date, base, stored_at FROM rate_sets ORDER BY id) TO '" +
            sets_file + "' CSV",
        "\\copy (SELECT set_id, currency, rate FROM rates ORDER BY set_id, currency) TO '" +
            rates_file + "' CSV",
        "CREATE TABLE copy_sets (LIKE rate_sets INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING INDEXES)",
        "CREATE TABLE copy_rates (LIKE rates INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING INDEXES, FOREIGN KEY (set_id) REFERENCES copy_sets (id))"});
  const auto all_rows = count_rates(db);
  std::vector<double> copy_rps;
  for (int round = 1; round <= o.copy_rounds; ++round) {
    psql(url, {"TRUNCATE copy_rates, copy_sets"});
    const auto copy_started = steady::now();
    psql(url, {"\\copy copy_sets FROM '" + sets_file + "' CSV",
               "\\copy copy_rates FROM '" + rates_file + "' CSV"});
    const double copy_s = seconds(steady::now() - copy_started).count();
    copy_rps.push_back(static_cast<double>(all_rows) / copy_s);
    std::printf("\\copy   %6zu sets %8lld rates in %7.3f s: %9.0f rates/s (round %d)\n",
                table.size(), all_rows, copy_s, copy_rps.back(), round);
  }
  std::filesystem::remove_all(dir);

  std::sort(copy_rps.begin(), copy_rps.end());
  const double copy_median = copy_rps[copy_rps.size() / 2];
  const double ratio = ingest_rps / copy_median;
  std::printf("\ningest / \\copy = %.3f  (target >= 0.3: %s)\n", ratio,
              ratio >= 0.3 ? "met" : "MISSED");
  std::printf(
      "BENCH backfill_bench sets=%zu ingest_rates=%lld ingest_s=%s ingest_rates_per_s=%s "
      "copy_rates_per_s=%s ratio_copy=%s\n",
      sets, ingest_rows, fixed(ingest_s, 3).c_str(), fixed(ingest_rps, 0).c_str(),
      fixed(copy_median, 0).c_str(), fixed(ratio, 3).c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "backfill_bench: %s\n", e.what());
  return 1;
}
