#include <catch2/catch.hpp>

#include "cambio/testing/infra.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "rates/providers/ecb_csv.hpp"

namespace cambio::rates {
namespace {

using namespace std::chrono;

const deadline k_any = steady_clock::now();  // ecb-csv ignores deadlines

// The real ECB history beside the project (never copied into it); CAMBIO_TEST_ECB_CSV overrides.
std::string real_file() { return cambio::testing::ecb_history_csv(); }

// A CSV file in the temporary directory, removed at the end of the test.
class temp_csv {
 public:
  explicit temp_csv(const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("ecb_csv_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) +
               ".csv")) {
    write(text);
  }
  ~temp_csv() { std::filesystem::remove(path_); }
  temp_csv(const temp_csv&) = delete;
  temp_csv& operator=(const temp_csv&) = delete;

  void write(const std::string& text) const { std::ofstream(path_, std::ios::binary) << text; }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

const std::string k_header = "Date,USD,JPY,CYP,\n";

provider_error error_of(ecb_csv& provider) {
  try {
    provider.latest(k_any);
  } catch (const provider_error& e) {
    return e;
  }
  FAIL("expected a provider_error");
  throw std::logic_error("unreachable");
}

TEST_CASE("ecb-csv: the real history: latest is the newest row") {
  ecb_csv provider({.path = real_file()});
  const auto set = provider.latest(k_any);
  CHECK(set.provider == "ecb-csv");
  CHECK(set.base == "EUR");
  CHECK(set.date == 2026y / April / 13);
  CHECK(set.rates.at("USD") == 1.1684);
  CHECK(set.rates.at("JPY") == 186.75);
  CHECK(set.rates.at("ZAR") == 19.3849);
  CHECK_FALSE(set.rates.contains("CYP"));  // N/A: retired in 2008
  CHECK_FALSE(set.rates.contains("BGN"));  // N/A since 2026
  CHECK_FALSE(set.rates.contains("EUR"));
}

TEST_CASE("ecb-csv: the real history: the whole range, oldest first") {
  // (How fast it parses is measured by tests/bench/backfill_bench, not asserted here.)
  ecb_csv provider({.path = real_file()});
  provider.latest(k_any);
  const auto sets = provider.range(1999y / January / 1, 2026y / December / 31, k_any);
  // One row per TARGET day: 6984 lines less the header.
  REQUIRE(sets.size() == 6983);
  CHECK(sets.front().date == 1999y / January / 4);
  CHECK(sets.front().rates.at("USD") == 1.1789);
  CHECK(sets.front().rates.at("CYP") == 0.58231);  // retired currencies are there on old dates
  CHECK(sets.front().rates.at("TRL") == 372274);
  CHECK_FALSE(sets.front().rates.contains("TRY"));  // not yet
  CHECK(sets[1].date == 1999y / January / 5);
  CHECK(sets[1].rates.at("USD") == 1.179);
  CHECK(sets.back().date == 2026y / April / 13);
  CHECK(sets.back().rates.at("USD") == 1.1684);
  CHECK(std::adjacent_find(sets.begin(), sets.end(), [](const auto& a, const auto& b) {
          return a.date >= b.date;
        }) == sets.end());
}

TEST_CASE("ecb-csv: the real history: a week and a single holiday") {
  ecb_csv provider({.path = real_file()});
  const auto week = provider.range(2024y / January / 1, 2024y / January / 7, k_any);
  REQUIRE(week.size() == 4);  // 1 January is a TARGET holiday
  CHECK(week.front().date == 2024y / January / 2);
  CHECK(week.back().date == 2024y / January / 5);
  CHECK(provider.range(2024y / December / 25, 2024y / December / 26, k_any).empty());
}

TEST_CASE("ecb-csv: N/A and empty cells are no rate, and the file is read once") {
  temp_csv file(k_header +
                "2024-01-03,1.09,N/A,,\n"
                "2024-01-02,1.1,155.5,0.5,\n");
  ecb_csv provider({.path = file.path()});
  const auto set = provider.latest(k_any);
  CHECK(set.date == 2024y / January / 3);
  CHECK(set.rates == std::map<std::string, double>{{"USD", 1.09}});
  // Kept parsed: a file changed or gone afterwards makes no difference.
  file.write("garbage");
  const auto sets = provider.range(2024y / January / 1, 2024y / January / 31, k_any);
  REQUIRE(sets.size() == 2);
  CHECK(sets[0].rates == std::map<std::string, double>{{"USD", 1.1}, {"JPY", 155.5}, {"CYP", 0.5}});
}

TEST_CASE("ecb-csv: Windows line ends and a missing trailing comma are read the same") {
  temp_csv file("Date,USD,JPY,\r\n2024-01-03,1.09,157\r\n");
  ecb_csv provider({.path = file.path()});
  CHECK(provider.latest(k_any).rates == std::map<std::string, double>{{"USD", 1.09}, {"JPY", 157}});
}

TEST_CASE("ecb-csv: a missing file is unavailable, naming the path, and is tried again") {
  const auto path = (std::filesystem::temp_directory_path() /
                     ("ecb_csv_test_missing_" + std::to_string(::getpid()) + ".csv"))
                        .string();
  ecb_csv provider({.path = path});
  const auto e = error_of(provider);
  CHECK(e.failure() == provider_failure::unavailable);
  CHECK_THAT(e.what(), Catch::Contains(path) && Catch::Contains("No such file"));
  std::ofstream(path) << k_header << "2024-01-02,1.1,155.5,N/A,\n";
  CHECK(provider.latest(k_any).date == 2024y / January / 2);
  std::filesystem::remove(path);
}

TEST_CASE("ecb-csv: a malformed file is a bad response naming the line") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {k_header + "2024-01-03,1.09,157,N/A,\n2024-01-02,1.1,abc,N/A,\n", ":3: JPY 'abc'"},
      {k_header + "2024-01-03,1.09\n", ":2: 2 fields where the header has 4"},
      {k_header + "2024-01-03,1.09,157,1,2,\n", ":2: 5 fields"},
      {k_header + "03/01/2024,1.09,157,N/A,\n", ":2: '03/01/2024' is not a date"},
      {k_header + "2024-01-03,-1.09,157,N/A,\n", ":2: USD '-1.09' is not a positive rate"},
      {k_header + "2024-01-03,0,157,N/A,\n", ":2: USD '0' is not a positive rate"},
      {k_header + "2024-01-02,1.09,157,N/A,\n2024-01-03,1.1,157,N/A,\n",
       ":3: 2024-01-03 is not earlier than the row above"},
      {"Day,USD,\n2024-01-02,1.1,\n", ":1: the header does not start with 'Date'"},
      {"Date,USD,JPY,USD,\n2024-01-02,1.1,157,1.1,\n", ":1: the header names USD twice"},
      {"", "the file is empty"},
  };
  for (const auto& [text, message] : cases) {
    temp_csv file(text);
    ecb_csv provider({.path = file.path()});
    const auto e = error_of(provider);
    CHECK(e.failure() == provider_failure::bad_response);
    CHECK_THAT(e.what(), Catch::Contains(file.path()) && Catch::Contains(message));
  }
}

TEST_CASE("ecb-csv: a file with only N/A rows has no latest set") {
  temp_csv file(k_header + "2024-01-02,N/A,N/A,N/A,\n");
  ecb_csv provider({.path = file.path()});
  CHECK(error_of(provider).failure() == provider_failure::bad_response);
  CHECK(provider.range(2024y / January / 1, 2024y / January / 5, k_any).empty());
}

}  // namespace
}  // namespace cambio::rates
