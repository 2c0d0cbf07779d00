#include "cambioctl/mail_command.hpp"

#include <cstdio>
#include <ostream>

#include "cambioctl/arguments.hpp"
#include "cambioctl/call_command.hpp"
#include "cambioctl/exit_codes.hpp"
#include "cambioctl/rpc_connection.hpp"

namespace cambio::cambioctl {
namespace {

using nlohmann::json;

constexpr auto k_usage =
    "usage: cambioctl mail list [--dead | --pending | --sent] [--limit N] [--json]\n"
    "       cambioctl mail retry <id> | --all-dead\n"
    "\n"
    "list    the newest mails of the outbox (default 20, at most 1000), of every status or of\n"
    "        one: pending (waiting or retrying), sent, dead (given up: a refused address, a\n"
    "        template that cannot render, or the attempts used up); --json prints the reply\n"
    "retry   puts a dead mail (or every dead mail) back to pending, attempts reset, due now\n"
    "\n"
    "exit: 0 done; 1 an error reply (no such mail, a mail that is not dead); 2 no reply or bad\n"
    "usage.\n";

template <class Fn>
int with_rpc(const context& ctx, Fn&& fn) {
  const auto settings = ctx.load_settings();
  try {
    rpc_connection rpc(settings, std::chrono::seconds(5));
    return fn(rpc.client());
  } catch (const rmqrpc::error& e) {
    ctx.err << "cambioctl mail: " << rmqrpc::to_string(e.code()) << ": " << e.what() << "\n";
    return call_exit_code(e);
  }
}

int run_list(const context& ctx, const arguments& args) {
  if (args.positional.size() > 1) throw usage_error("list takes no arguments");
  json params = {{"limit", args.integer("--limit", 20, 1, 1000)}};
  int statuses = 0;
  for (const char* status : {"dead", "pending", "sent"}) {
    if (args.has(std::string("--") + status)) {
      params["status"] = status;
      ++statuses;
    }
  }
  if (statuses > 1) throw usage_error("give one of --dead, --pending, --sent");
  return with_rpc(ctx, [&](rmqrpc::client& rpc) {
    const auto reply = rpc.call("db.mail.list", params);
    ctx.out << (args.has("--json") ? reply.dump(2) + "\n" : mail_table(reply));
    return k_exit_ok;
  });
}

int run_retry(const context& ctx, const arguments& args) {
  json params;
  if (args.has("--all-dead")) {
    if (args.positional.size() > 1) throw usage_error("give an id or --all-dead, not both");
    params = {{"all_dead", true}};
  } else {
    if (args.positional.size() != 2) throw usage_error("retry takes one mail id, or --all-dead");
    const auto& text = args.positional[1];
    std::size_t used = 0;
    long long id = 0;
    try {
      id = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || id < 1) {
      throw usage_error("'" + text + "' is not a mail id (a positive integer)");
    }
    params = {{"id", id}};
  }
  return with_rpc(ctx, [&](rmqrpc::client& rpc) {
    const auto reply = rpc.call("db.mail.retry", params);
    ctx.out << "requeued " << reply["requeued"] << " mail(s)\n";
    return k_exit_ok;
  });
}

int run_mail(const context& ctx) {
  const auto args = parse_arguments(
      ctx.args, {{"--limit"}, {"--json", "--dead", "--pending", "--sent", "--all-dead"}});
  if (args.positional.empty()) throw usage_error("missing subcommand: list or retry");
  const auto& sub = args.positional[0];
  if (sub == "list") return run_list(ctx, args);
  if (sub == "retry") return run_retry(ctx, args);
  throw usage_error("unknown subcommand '" + sub + "'");
}

std::string text_of(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "-";
}

}  // namespace

std::string mail_table(const json& list) {
  const auto& mails = list.at("mails");
  if (mails.empty()) return "no mails\n";
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-8s %-8s %5s  %-20s  %-18s %s\n", "ID", "STATUS", "TRIES",
                "CREATED", "TEMPLATE", "RECIPIENT");
  out += line;
  int dead = 0;
  for (const auto& m : mails) {
    std::snprintf(line, sizeof line, "%-8lld %-8s %5d  %-20s  %-18s %s\n",
                  static_cast<long long>(m["id"].get<std::int64_t>()), text_of(m, "status").c_str(),
                  m["attempts"].get<int>(), text_of(m, "created_at").c_str(),
                  text_of(m, "template").c_str(), text_of(m, "recipient").c_str());
    out += line;
    const auto status = text_of(m, "status");
    if (status == "dead") ++dead;
    if (status == "sent") continue;
    if (m["last_error"].is_string()) {
      out += "         last error: " + m["last_error"].get<std::string>() + "\n";
    }
    if (status == "pending" && m["attempts"].get<int>() > 0) {
      out += "         next attempt: " + text_of(m, "next_attempt_at") + "\n";
    }
  }
  if (dead > 0) {
    out += std::to_string(dead) +
           " dead mail(s) shown: cambioctl mail retry <id> (or --all-dead) sends them again\n";
  }
  return out;
}

command mail_command() {
  return {"mail", "the mail outbox: list the last mails, retry dead ones", k_usage, run_mail};
}

}  // namespace cambio::cambioctl
