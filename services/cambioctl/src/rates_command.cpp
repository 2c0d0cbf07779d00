#include "cambioctl/rates_command.hpp"

#include <ostream>

#include "cambio/iso_date.hpp"
#include "cambioctl/arguments.hpp"
#include "cambioctl/call_command.hpp"
#include "cambioctl/exit_codes.hpp"
#include "cambioctl/rpc_connection.hpp"

namespace cambio::cambioctl {
namespace {

using nlohmann::json;

constexpr auto k_usage =
    "usage: cambioctl rates status [--json]\n"
    "       cambioctl rates ingest [<YYYY-MM-DD> | latest]\n"
    "       cambioctl rates backfill --from YYYY-MM-DD --to YYYY-MM-DD [--chunk-days N]\n"
    "\n"
    "status    provider, schedule, last run, newest rate date, next run, days held\n"
    "ingest    fetch now: `latest` (default) is the scheduled run with its catch-up of the\n"
    "          missing weekdays; a date fetches that day's set (the one on or before it)\n"
    "backfill  fetch every set of a range, --chunk-days days per request (default 31), with a\n"
    "          progress bar on stderr; sets already held are left as they are\n"
    "\n"
    "exit: 0 done; 1 an error reply (the provider failed, a bad date); 2 no reply or bad usage.\n";

constexpr std::chrono::milliseconds k_ingest_timeout{300'000};  // a provider with retries

std::string text_or(const json& j, const char* key, const char* fallback = "-") {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

cambio::date date_option(const arguments& args, const char* name) {
  const auto text = args.option(name);
  if (!text) throw usage_error(std::string("missing ") + name);
  const auto d = cambio::parse_iso_date(*text);
  if (!d) throw usage_error(std::string(name) + ": '" + *text + "' is not a date (YYYY-MM-DD)");
  return *d;
}

// Runs `fn` with a connected client; error replies and transport failures become exit codes.
template <class Fn>
int with_rpc(const context& ctx, Fn&& fn) {
  const auto settings = ctx.load_settings();
  try {
    rpc_connection rpc(settings, std::chrono::seconds(5));
    return fn(rpc.client());
  } catch (const rmqrpc::error& e) {
    ctx.err << "cambioctl rates: " << rmqrpc::to_string(e.code()) << ": " << e.what() << "\n";
    return call_exit_code(e);
  }
}

int run_status(const context& ctx, const arguments& args) {
  return with_rpc(ctx, [&](rmqrpc::client& rpc) {
    const auto status = rpc.call("rates.status", json::object());
    ctx.out << (args.has("--json") ? status.dump(2) + "\n" : rates_status_text(status));
    return k_exit_ok;
  });
}

int run_ingest(const context& ctx, const arguments& args) {
  if (args.positional.size() > 2) throw usage_error("ingest takes one date or `latest`");
  const auto which = args.positional.size() == 2 ? args.positional[1] : "latest";
  if (which != "latest" && !cambio::parse_iso_date(which)) {
    throw usage_error("'" + which + "' is neither a date (YYYY-MM-DD) nor `latest`");
  }
  return with_rpc(ctx, [&](rmqrpc::client& rpc) {
    const auto reply = rpc.call("rates.ingest", {{"date", which}}, {.timeout = k_ingest_timeout});
    ctx.out << "fetched " << reply["fetched"] << " set(s), stored " << reply["stored"].size()
            << " new; newest "
            << (reply["newest"].is_string() ? reply["newest"].get<std::string>() : "-")
            << (reply["published"].get<bool>() ? " (rates.updated published)" : "") << "\n";
    return k_exit_ok;
  });
}

int run_backfill(const context& ctx, const arguments& args) {
  const auto from = date_option(args, "--from");
  const auto to = date_option(args, "--to");
  if (to < from) throw usage_error("--to is before --from");
  const auto chunk = static_cast<int>(args.integer("--chunk-days", 31, 1, 3660));
  std::vector<std::pair<cambio::date, cambio::date>> parts;
  for (auto a = from; a <= to; a = cambio::add_days(a, chunk)) {
    parts.emplace_back(a, std::min(to, cambio::add_days(a, chunk - 1)));
  }
  return with_rpc(ctx, [&](rmqrpc::client& rpc) {
    std::size_t stored = 0;
    int fetched = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto reply = rpc.call(
          "rates.ingest",
          {{"from", cambio::to_iso(parts[i].first)}, {"to", cambio::to_iso(parts[i].second)}},
          {.timeout = k_ingest_timeout});
      stored += reply["stored"].size();
      fetched += reply["fetched"].get<int>();
      ctx.err << "\r" << progress_bar(static_cast<int>(i + 1), static_cast<int>(parts.size()))
              << "  " << cambio::to_iso(parts[i].second) << std::flush;
    }
    ctx.err << "\n";
    ctx.out << "backfill " << cambio::to_iso(from) << " .. " << cambio::to_iso(to) << ": fetched "
            << fetched << " set(s), stored " << stored << " new\n";
    return k_exit_ok;
  });
}

int run_rates(const context& ctx) {
  const auto args = parse_arguments(ctx.args, {{"--from", "--to", "--chunk-days"}, {"--json"}});
  if (args.positional.empty()) throw usage_error("missing subcommand: status, ingest or backfill");
  const auto& sub = args.positional[0];
  if (sub == "status") return run_status(ctx, args);
  if (sub == "ingest") return run_ingest(ctx, args);
  if (sub == "backfill") return run_backfill(ctx, args);
  throw usage_error("unknown subcommand '" + sub + "'");
}

}  // namespace

std::string progress_bar(int done, int total, int width) {
  const int filled = total > 0 ? done * width / total : width;
  const int percent = total > 0 ? done * 100 / total : 100;
  return "[" + std::string(static_cast<std::size_t>(filled), '#') +
         std::string(static_cast<std::size_t>(width - filled), '-') + "] " + std::to_string(done) +
         "/" + std::to_string(total) + " " + std::to_string(percent) + "%";
}

std::string rates_status_text(const json& s) {
  std::string last_run = "none since the service started";
  if (s["last_run"].is_object()) {
    const auto& r = s["last_run"];
    last_run = text_or(r, "at") + " (" + text_or(r, "kind") + ", " +
               (r["ok"].get<bool>() ? "ok, " + std::to_string(r["stored"].get<int>()) + " new"
                                    : "FAILED: " + text_or(r, "error")) +
               ")";
  }
  std::string out;
  out += "provider        " + text_or(s, "provider") +
         (s.value("offline", false) ? "  (OFFLINE DATA)" : "") + "\n";
  out += "schedule        " + text_or(s, "schedule") + " " + text_or(s, "time_zone") +
         " (weekdays only)\n";
  out += "last run        " + last_run + "\n";
  out += "last rate date  " + text_or(s, "last_rate_date") + "\n";
  out += "next run        " + text_or(s, "next_run") + "\n";
  out += "days held       " + std::to_string(s["days_held"].get<long>()) + " (from " +
         text_or(s, "first_rate_date") + "; at least " + std::to_string(s["min_days"].get<int>()) +
         " calendar days kept)\n";
  return out;
}

command rates_command() {
  return {"rates", "rate ingest: status, ingest now, backfill a range", k_usage, run_rates};
}

}  // namespace cambio::cambioctl
