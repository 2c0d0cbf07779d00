// cambioctl's command line: argument parsing, dispatch, help and exit codes.

#include <sstream>

#include <catch2/catch.hpp>

#include "cambioctl/arguments.hpp"
#include "cambioctl/call_command.hpp"
#include "cambioctl/command.hpp"
#include "cambioctl/exit_codes.hpp"

using namespace cambio::cambioctl;

TEST_CASE("arguments: positionals, options with values and flags") {
  const argument_spec spec{{"--timeout-ms", "--request-id"}, {"--json"}};
  const auto a =
      parse_arguments({"db.ping", "--timeout-ms", "250", "{}", "--json", "--request-id=r-1"}, spec);
  CHECK(a.positional == std::vector<std::string>{"db.ping", "{}"});
  CHECK(a.option("--timeout-ms") == "250");
  CHECK(a.option("--request-id") == "r-1");
  CHECK(a.has("--json"));
  CHECK(a.integer("--timeout-ms", 5000, 1, 1000) == 250);
  CHECK(a.integer("--limit", 10, 1, 100) == 10);
}

TEST_CASE("arguments: a lone dash and anything after -- are positionals") {
  const auto a = parse_arguments({"-", "--", "--json", "-5"}, {{}, {"--json"}});
  CHECK(a.positional == std::vector<std::string>{"-", "--json", "-5"});
  CHECK_FALSE(a.has("--json"));
}

TEST_CASE("arguments: mistakes are usage errors that say what is wrong") {
  const argument_spec spec{{"--limit"}, {"--json"}};
  CHECK_THROWS_WITH(parse_arguments({"--nope"}, spec), "unknown option --nope");
  CHECK_THROWS_WITH(parse_arguments({"--limit"}, spec), "--limit needs a value");
  CHECK_THROWS_WITH(parse_arguments({"--json=1"}, spec), "--json takes no value");
  const auto a = parse_arguments({"--limit", "ten"}, spec);
  CHECK_THROWS_WITH(a.integer("--limit", 1, 1, 100), "--limit expects an integer, not 'ten'");
  const auto b = parse_arguments({"--limit=0"}, spec);
  CHECK_THROWS_WITH(b.integer("--limit", 1, 1, 100), "--limit must be between 1 and 100, not 0");
}

namespace {

struct harness {
  std::ostringstream out;
  std::ostringstream err;
  int settings_loads = 0;
  std::vector<std::string> seen;

  std::vector<command> commands() {
    return {{"echo", "prints its arguments", "usage: echo ...\n",
             [this](const context& ctx) {
               ctx.load_settings();
               seen = ctx.args;
               return k_exit_ok;
             }},
            {"strict", "rejects everything", "usage: strict\n",
             [](const context&) -> int { throw usage_error("no arguments allowed"); }}};
  }
  int run(const std::vector<std::string>& args) {
    const context base{{}, out, err, [this] {
                         ++settings_loads;
                         return settings{};
                       }};
    return dispatch(args, commands(), base);
  }
};

}  // namespace

TEST_CASE("dispatch: no command prints the overview and exits 2") {
  harness h;
  CHECK(h.run({}) == k_exit_unusable);
  CHECK(h.err.str().find("usage: cambioctl <command>") != std::string::npos);
  CHECK(h.err.str().find("echo") != std::string::npos);
}

TEST_CASE("dispatch: --help prints the overview on stdout and exits 0") {
  for (const auto* flag : {"--help", "-h", "help"}) {
    harness h;
    CHECK(h.run({flag}) == k_exit_ok);
    CHECK(h.out.str().find("strict") != std::string::npos);
    CHECK(h.settings_loads == 0);
  }
}

TEST_CASE("dispatch: an unknown command prints the overview and exits 2") {
  harness h;
  CHECK(h.run({"frobnicate"}) == k_exit_unusable);
  CHECK(h.err.str().find("unknown command 'frobnicate'") != std::string::npos);
  CHECK(h.err.str().find("usage: cambioctl <command>") != std::string::npos);
}

TEST_CASE("dispatch: per-command help needs no settings") {
  harness h;
  CHECK(h.run({"echo", "x", "--help"}) == k_exit_ok);
  CHECK(h.out.str() == "usage: echo ...\n");
  CHECK(h.settings_loads == 0);
  harness h2;
  CHECK(h2.run({"help", "strict"}) == k_exit_ok);
  CHECK(h2.out.str() == "usage: strict\n");
}

TEST_CASE("dispatch: runs the command with the arguments after its name") {
  harness h;
  CHECK(h.run({"echo", "a", "--", "--help"}) == k_exit_ok);
  CHECK(h.seen == std::vector<std::string>{"a", "--", "--help"});
  CHECK(h.settings_loads == 1);
}

TEST_CASE("dispatch: a usage error prints the message and the command's usage, exit 2") {
  harness h;
  CHECK(h.run({"strict", "x"}) == k_exit_unusable);
  CHECK(h.err.str() == "cambioctl strict: no arguments allowed\n\nusage: strict\n");
}

TEST_CASE("dispatch: a settings error exits 2 with its message") {
  harness h;
  const context base{{}, h.out, h.err, []() -> settings { throw settings_error("bad stack.env"); }};
  CHECK(dispatch({"echo"}, h.commands(), base) == k_exit_unusable);
  CHECK(h.err.str() == "cambioctl: bad stack.env\n");
}

TEST_CASE("call: the parameters must be JSON") {
  CHECK(parse_params(R"({"text": "hi"})") == nlohmann::json{{"text", "hi"}});
  CHECK(parse_params("[]") == nlohmann::json::array());
  try {
    parse_params("{text: hi}");
    FAIL("accepted malformed JSON");
  } catch (const usage_error& e) {
    const std::string message = e.what();
    CHECK(message.find("not valid JSON") != std::string::npos);
    CHECK(message.find("{text: hi}") != std::string::npos);
  }
}

TEST_CASE("call: transport failures exit 2, error replies exit 1") {
  using rmqrpc::errc;
  const rmqrpc::error no_queue(errc::unavailable, "no queue 'x'", {{"transport", true}});
  const rmqrpc::error late(errc::deadline_exceeded, "no reply", {{"transport", true}});
  const rmqrpc::error replied_unavailable(errc::unavailable, "database down");
  const rmqrpc::error not_found(errc::not_found, "no such alert", {{"id", 7}});
  const rmqrpc::error odd_details(errc::internal, "x", {{"transport", "yes"}});
  CHECK(is_transport_failure(no_queue));
  CHECK(call_exit_code(no_queue) == k_exit_unusable);
  CHECK(call_exit_code(late) == k_exit_unusable);
  CHECK_FALSE(is_transport_failure(replied_unavailable));
  CHECK(call_exit_code(replied_unavailable) == k_exit_failed);
  CHECK(call_exit_code(not_found) == k_exit_failed);
  CHECK(call_exit_code(odd_details) == k_exit_failed);
}
