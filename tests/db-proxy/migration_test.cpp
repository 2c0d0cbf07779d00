// The pure rules of migrations: file names, ordering, numbering, checksums and planning.

#include <catch2/catch.hpp>

#include "db_proxy/migration.hpp"

using namespace cambio::db_proxy;

namespace {

std::vector<migration> two_migrations() {
  return load_migrations({{"migrations/001_accounts.sql", "CREATE TABLE a (id int);"},
                          {"migrations/002_rates.sql", "CREATE TABLE b (id int);"}});
}

}  // namespace

TEST_CASE("migration file names are NNN_name.sql", "[migration]") {
  const auto parsed = parse_migration_file_name("migrations/001_foundation.sql");
  REQUIRE(parsed);
  CHECK(parsed->version == 1);
  CHECK(parsed->name == "foundation");

  CHECK(parse_migration_file_name("042_wallet_ledger_2.sql")->version == 42);
  CHECK(parse_migration_file_name("1000_more.sql")->version == 1000);
  CHECK(parse_migration_file_name("0007_padded.sql")->version == 7);

  for (const char* bad :
       {"01_short.sql", "001-dash.sql", "001_Upper.sql", "001_.sql", "001_x.SQL", "001_x.sql.bak",
        "abc_x.sql", "000_zero.sql", "001_space here.sql", "README.md", "001_x", "migrations/"}) {
    INFO(bad);
    CHECK_FALSE(parse_migration_file_name(bad));
  }
}

TEST_CASE("migrations are ordered by number, not by file name", "[migration]") {
  // As strings "0002_b" sorts before "001_a"; as versions it comes after.
  const auto list = load_migrations({{"migrations/0002_b.sql", "b"},
                                     {"migrations/001_a.sql", "a"},
                                     {"migrations/003_c.sql", "c"}});
  REQUIRE(list.size() == 3);
  CHECK(list[0].file == "001_a.sql");
  CHECK(list[1].file == "0002_b.sql");
  CHECK(list[2].file == "003_c.sql");
  CHECK(list[1].version == 2);
  CHECK(list[1].name == "b");
  CHECK(list[1].sql == "b");
  CHECK(list[1].checksum == migration_checksum("b"));
}

TEST_CASE("a badly named, repeated or missing migration is refused", "[migration]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(load_migrations({{"migrations/001_a.sql", ""}, {"migrations/2_b.sql", ""}}),
                    Contains("2_b.sql") && Contains("NNN_name.sql"));
  CHECK_THROWS_WITH(load_migrations({{"migrations/001_a.sql", ""}, {"migrations/0001_b.sql", ""}}),
                    Contains("001_a.sql") && Contains("0001_b.sql") && Contains("same version"));
  CHECK_THROWS_WITH(load_migrations({{"migrations/001_a.sql", ""}, {"migrations/003_c.sql", ""}}),
                    Contains("migration 002 is missing") && Contains("003_c.sql"));
  CHECK_THROWS_WITH(load_migrations({{"migrations/002_b.sql", ""}}),
                    Contains("migration 001 is missing"));
  CHECK_THROWS_AS(load_migrations({{"notes.txt", ""}}), migration_error);
  CHECK(load_migrations({}).empty());
}

TEST_CASE("checksums are SHA-256 in lowercase hex", "[migration]") {
  CHECK(migration_checksum("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(migration_checksum("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(migration_checksum("CREATE TABLE a();") != migration_checksum("CREATE TABLE a ();"));
}

TEST_CASE("a fresh database needs every migration", "[migration]") {
  const auto plan = plan_migrations(two_migrations(), {});
  REQUIRE(plan.pending.size() == 2);
  CHECK(plan.pending[0].version == 1);
  CHECK(plan.pending[1].version == 2);
  CHECK(plan.schema_version == 0);
  CHECK(plan.unknown.empty());
}

TEST_CASE("applied migrations are skipped", "[migration]") {
  const auto available = two_migrations();
  const auto one = plan_migrations(available, {{1, "accounts", available[0].checksum}});
  REQUIRE(one.pending.size() == 1);
  CHECK(one.pending[0].file == "002_rates.sql");
  CHECK(one.schema_version == 1);

  const auto all = plan_migrations(
      available, {{1, "accounts", available[0].checksum}, {2, "rates", available[1].checksum}});
  CHECK(all.pending.empty());
  CHECK(all.schema_version == 2);
}

TEST_CASE("an applied migration whose file changed is refused", "[migration]") {
  using Catch::Matchers::Contains;
  const auto available = two_migrations();
  const std::vector<applied_migration> applied{{1, "accounts", migration_checksum("old text")}};
  CHECK_THROWS_AS(plan_migrations(available, applied), migration_error);
  CHECK_THROWS_WITH(plan_migrations(available, applied),
                    Contains("001_accounts.sql") && Contains(migration_checksum("old text")) &&
                        Contains(available[0].checksum) && Contains("Refusing to start"));
}

TEST_CASE("migrations applied by a newer build are reported, not refused", "[migration]") {
  const auto available = two_migrations();
  const auto plan = plan_migrations(available, {{1, "accounts", available[0].checksum},
                                                {2, "rates", available[1].checksum},
                                                {3, "future", "abc"}});
  CHECK(plan.pending.empty());
  REQUIRE(plan.unknown.size() == 1);
  CHECK(plan.unknown[0].version == 3);
  CHECK(plan.schema_version == 3);
}

TEST_CASE("the migrations compiled into db-proxy follow the rules", "[migration]") {
  const auto& embedded = embedded_migrations();
  REQUIRE_FALSE(embedded.empty());
  CHECK(embedded.front().file == "001_foundation.sql");
  for (std::size_t i = 0; i < embedded.size(); ++i) {
    CHECK(embedded[i].version == static_cast<int>(i) + 1);
    CHECK_FALSE(embedded[i].sql.empty());
  }
}
