// The alerts' pure input side (alerts/alert_form.hpp): the create form and JSON body checked with
// a sentence per problem, db-proxy's parameters (validated against proto-schemas), the list's
// query (filters, limit, keyset cursor) and the small parsers.

#include <set>

#include <catch2/catch.hpp>

#include "alerts/alert_form.hpp"
#include "alerts/unsubscribe_link.hpp"
#include "cambio/contracts.hpp"
#include "rmqrpc/error.hpp"

using namespace cambio::frontend::alerts;
using Catch::Contains;

namespace {

field_values valid() { return {{"base", "EUR"}, {"quote", "USD"}, {"threshold", "1.085"}}; }

field_values with(field_values f, const std::string& key, const std::string& value) {
  f[key] = value;
  return f;
}

std::string problem(const field_values& f, const std::string& field) {
  const auto c = check_alert(f);
  CHECK_FALSE(c.ok());
  const auto it = c.problems.find(field);
  return it == c.problems.end() ? std::string("<none>") : it->second;
}

rmqrpc::errc code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const rmqrpc::error& e) {
    return e.code();
  }
  FAIL("no rmqrpc::error thrown");
  return rmqrpc::errc::internal;
}

std::vector<std::string> request_violations(const std::string& queue, const nlohmann::json& p) {
  return cambio::contracts::schema_catalog::embedded().violations(queue + ".request", p);
}

}  // namespace

TEST_CASE("a minimal alert takes the defaults: crosses, once, instant", "[alerts][form]") {
  const auto c = check_alert(with(valid(), "base", " eur "));
  REQUIRE(c.ok());
  CHECK(c.problems.empty());
  CHECK(c.spec->base == "EUR");
  CHECK(c.spec->quote == "USD");
  CHECK(c.spec->threshold == "1.085");
  CHECK(c.spec->condition == "crosses");
  CHECK(c.spec->mode == "once");
  CHECK(c.spec->delivery == "instant");
  CHECK_FALSE(c.spec->window_days);
  CHECK_FALSE(c.spec->cooldown_s);
}

TEST_CASE("currencies: unknown, retired, missing, the same twice", "[alerts][form]") {
  CHECK(problem(with(valid(), "base", "XYZ"), "base") == "Unknown currency 'XYZ'.");
  CHECK_THAT(problem(with(valid(), "quote", "HRK"), "quote"), Contains("retired"));
  CHECK(problem(with(valid(), "base", ""), "base") == "Choose a base currency.");
  CHECK(problem(with(valid(), "quote", "eur"), "quote") ==
        "Choose two different currencies (EUR twice).");
  CHECK_THAT(problem(with(valid(), "base", std::string(200, 'A')), "base"),
             Contains("Unknown currency") && !Contains(std::string(20, 'A')));
  // BTC is a currency like the others.
  CHECK(check_alert(with(valid(), "base", "BTC")).ok());
}

TEST_CASE("threshold: a decimal greater than 0 with at most 12 digits either side",
          "[alerts][form]") {
  for (const char* ok : {"1", "1.085", "0.5", "000.0001", "123456789012.123456789012"}) {
    INFO(ok);
    CHECK_FALSE(threshold_problem(ok));
    CHECK(check_alert(with(valid(), "threshold", ok)).ok());
  }
  for (const char* zero : {"0", "0.000", "-1", "-0.5"}) {
    INFO(zero);
    CHECK(problem(with(valid(), "threshold", zero), "threshold") ==
          "The threshold must be greater than 0.");
  }
  for (const char* nan : {"abc", "1,085", "1.", ".5", "1e3", "1.2.3", "NaN", "+1"}) {
    INFO(nan);
    CHECK_THAT(problem(with(valid(), "threshold", nan), "threshold"), Contains("must be a number"));
  }
  CHECK(problem(with(valid(), "threshold", ""), "threshold") == "Enter a threshold, e.g. 1.085.");
  CHECK_THAT(problem(with(valid(), "threshold", "1234567890123"), "threshold"),
             Contains("at most 12 digits"));
  CHECK_THAT(problem(with(valid(), "threshold", "1.0000000000001"), "threshold"),
             Contains("at most 12 digits"));
}

TEST_CASE("condition, window, mode, cooldown, delivery", "[alerts][form]") {
  CHECK_THAT(problem(with(valid(), "condition", "sideways"), "condition"),
             Contains("crosses, above, below or change_pct"));
  // change_pct needs a window of 1..365 days; the others ignore one.
  auto pct = with(valid(), "condition", "change_pct");
  CHECK_THAT(problem(pct, "window_days"), Contains("1 to 365"));
  CHECK_THAT(problem(with(pct, "window_days", "366"), "window_days"), Contains("1 to 365"));
  CHECK_THAT(problem(with(pct, "window_days", "0"), "window_days"), Contains("1 to 365"));
  CHECK_THAT(problem(with(pct, "window_days", "7.5"), "window_days"), Contains("whole number"));
  const auto seven = check_alert(with(pct, "window_days", "7"));
  REQUIRE(seven.ok());
  CHECK(seven.spec->window_days == 7);
  const auto above = check_alert(with(with(valid(), "condition", "above"), "window_days", "7"));
  REQUIRE(above.ok());
  CHECK_FALSE(above.spec->window_days);

  auto repeat = with(valid(), "mode", "repeat");
  CHECK_THAT(problem(repeat, "cooldown_s"), Contains("waits between mails"));
  CHECK_THAT(problem(with(repeat, "cooldown_s", "59"), "cooldown_s"), Contains("from 60"));
  CHECK_THAT(problem(with(repeat, "cooldown_s", "31536001"), "cooldown_s"), Contains("from 60"));
  const auto daily = check_alert(with(repeat, "cooldown_s", "86400"));
  REQUIRE(daily.ok());
  CHECK(daily.spec->cooldown_s == 86400);
  const auto once = check_alert(with(valid(), "cooldown_s", "86400"));
  REQUIRE(once.ok());
  CHECK_FALSE(once.spec->cooldown_s);

  CHECK_THAT(problem(with(valid(), "mode", "twice"), "mode"), Contains("once or repeat"));
  CHECK_THAT(problem(with(valid(), "delivery", "pigeon"), "delivery"),
             Contains("instant or daily_digest"));
  CHECK(check_alert(with(valid(), "delivery", "daily_digest")).spec->delivery == "daily_digest");
}

TEST_CASE("every problem of a form at once", "[alerts][form]") {
  const auto c = check_alert({{"base", "XYZ"}, {"threshold", "0"}, {"mode", "x"}});
  CHECK_FALSE(c.ok());
  std::set<std::string> fields;
  for (const auto& [f, _] : c.problems) fields.insert(f);
  CHECK(fields == std::set<std::string>{"base", "quote", "threshold", "mode"});
}

TEST_CASE("a JSON body: strings and numbers, unknown fields and other types refused",
          "[alerts][form]") {
  const auto f = fields_of_json(nlohmann::json::parse(
      R"({"base":"EUR","quote":"USD","threshold":1.085,"mode":"repeat","cooldown_s":3600})"));
  CHECK(f.at("threshold") == "1.085");
  CHECK(f.at("cooldown_s") == "3600");
  const auto c = check_alert(f);
  REQUIRE(c.ok());
  CHECK(c.spec->cooldown_s == 3600);
  CHECK(code_of([] {
          fields_of_json({{"base", "EUR"}, {"user_id", 2}});
        }) == rmqrpc::errc::invalid_argument);
  CHECK(code_of([] {
          fields_of_json({{"base", nlohmann::json::array({"EUR"})}});
        }) == rmqrpc::errc::invalid_argument);
  // A negative number is kept as text and refused by the threshold check.
  CHECK(problem(fields_of_json({{"base", "EUR"}, {"quote", "USD"}, {"threshold", -2}}),
                "threshold") == "The threshold must be greater than 0.");
}

TEST_CASE("db.alerts.create's parameters match its schema", "[alerts][form]") {
  create_context context;
  context.user_id = 7;
  context.public_id = new_public_id();
  context.manage_url = "http://127.0.0.1:8080/alerts";
  context.unsubscribe_url = "http://127.0.0.1:8080/alerts/unsubscribe?t=abc.def";
  context.digest_unsubscribe_url = "http://127.0.0.1:8080/alerts/unsubscribe?t=ghi.jkl";
  context.max_alerts = 100;
  for (const auto& fields :
       {valid(), with(with(valid(), "condition", "change_pct"), "window_days", "30"),
        with(with(with(valid(), "mode", "repeat"), "cooldown_s", "600"), "delivery",
             "daily_digest")}) {
    const auto c = check_alert(fields);
    REQUIRE(c.ok());
    const auto p = create_params(*c.spec, context);
    INFO(p.dump());
    CHECK(request_violations("db.alerts.create", p).empty());
    CHECK(p.at("user_id") == 7);
    CHECK(p.at("max_alerts") == 100);
    CHECK(p.contains("window_days") == (fields.count("window_days") == 1));
    CHECK(p.contains("cooldown_s") == (fields.count("cooldown_s") == 1));
  }
}

TEST_CASE("public ids are random lowercase UUIDs v4", "[alerts][form]") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto id = new_public_id();
    CHECK(is_uuid(id));
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    seen.insert(id);
  }
  CHECK(seen.size() == 100);
  CHECK_FALSE(is_uuid("6F1C0000-0000-4000-8000-000000000000"));
  CHECK_FALSE(is_uuid("6f1c0000-0000-4000-8000-00000000000"));
  CHECK_FALSE(is_uuid("6f1c0000x0000-4000-8000-000000000000"));
}

TEST_CASE("the list's query: filters, limit, keyset cursor", "[alerts][form]") {
  const auto q = parse_list_query(
      {{"base", "eur"}, {"quote", ""}, {"status", "paused"}, {"limit", "5"}, {"after", "42"}}, 20);
  CHECK(q.base == "EUR");
  CHECK_FALSE(q.quote);
  CHECK(q.status == "paused");
  CHECK(q.limit == 5);
  CHECK(q.after == 42);
  const auto p = list_params(q, 3);
  CHECK(request_violations("db.alerts.list", p).empty());
  CHECK(p ==
        nlohmann::json{
            {"user_id", 3}, {"base", "EUR"}, {"status", "paused"}, {"limit", 5}, {"after_id", 42}});
  CHECK(list_query_string(q, 17, 20) == "?base=EUR&status=paused&limit=5&after=17");
  CHECK(list_query_string(q, std::nullopt, 5) == "?base=EUR&status=paused");
  CHECK(list_query_string(parse_list_query({}, 20), std::nullopt, 20).empty());
  CHECK(parse_list_query({}, 20).limit == 20);

  using params = query_params;
  for (const auto& bad :
       {params{{"base", "XYZ"}}, params{{"quote", "12345678901"}}, params{{"status", "gone"}},
        params{{"limit", "0"}}, params{{"limit", "101"}}, params{{"limit", "ten"}},
        params{{"after", "-1"}}, params{{"after", "0"}},
        params{{"after", "99999999999999999999"}}}) {
    INFO(bad.begin()->first << "=" << bad.begin()->second);
    CHECK(code_of([&] { parse_list_query(bad, 20); }) == rmqrpc::errc::invalid_argument);
  }
}

TEST_CASE("status changes and alert ids", "[alerts][form]") {
  CHECK(parse_status_change("active") == "active");
  CHECK(parse_status_change("paused") == "paused");
  CHECK(code_of([] { parse_status_change("done"); }) == rmqrpc::errc::invalid_argument);
  CHECK(parse_alert_id("12") == 12);
  for (const char* bad : {"0", "", "x", "-3", "99999999999999999999"}) {
    INFO(bad);
    CHECK(code_of([&] { parse_alert_id(bad); }) == rmqrpc::errc::not_found);
  }
}
