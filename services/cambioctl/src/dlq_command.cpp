#include "cambioctl/dlq_command.hpp"

#include <ostream>

#include "cambioctl/arguments.hpp"
#include "cambioctl/broker_session.hpp"
#include "cambioctl/dead_letter_listing.hpp"
#include "cambioctl/exit_codes.hpp"
#include "cambioctl/management_api.hpp"

namespace cambio::cambioctl {
namespace {

constexpr auto k_usage =
    "usage: cambioctl dlq list <queue> [--limit N]\n"
    "       cambioctl dlq replay <queue>\n"
    "       cambioctl dlq purge <queue>\n"
    "\n"
    "The dead letters of <queue> wait in <queue>.dlq (either name may be given).\n"
    "\n"
    "  list     shows the first N dead letters (default 10) and leaves them in place: why each\n"
    "           died (x-cambio-dead-reason, x-death), its properties, headers and body\n"
    "  replay   moves every dead letter back to <queue>, body and properties unchanged; each one\n"
    "           is acknowledged in <queue>.dlq only after the broker confirmed it in <queue>, so\n"
    "           none is lost (a failure can leave one in both)\n"
    "  purge    deletes every dead letter of <queue>\n"
    "\n"
    "exit: 0 done; 1 no such queue; 2 broker / management API out of reach or bad usage.\n";

constexpr std::chrono::milliseconds k_timeout{10'000};

struct endpoints {
  amqp_endpoint broker;
  http_endpoint management;
};

endpoints endpoints_of(const settings& s) {
  try {
    return {parse_amqp_url(s.amqp_url), parse_http_url(s.mgmt_url)};
  } catch (const std::invalid_argument& e) {
    throw settings_error(e.what());
  }
}

int list(const context& ctx, const endpoints& where, const std::string& dlq, int limit) {
  try {
    const management_api api(where.management, where.broker.vhost, k_timeout);
    ctx.out << format_dead_letters(api.peek(dlq, limit), dlq);
    return k_exit_ok;
  } catch (const management_error& e) {
    if (e.status() == 404) {
      ctx.err << "cambioctl dlq list: no queue '" << dlq << "' in vhost '" << where.broker.vhost
              << "'\n";
      return k_exit_failed;
    }
    ctx.err << "cambioctl dlq list: " << e.what() << "\n";
    return k_exit_unusable;
  }
}

int replay(const context& ctx, const endpoints& where, const std::string& dlq,
           const std::string& origin) {
  std::uint64_t moved = 0;
  try {
    broker_session session(where.broker, k_timeout);
    const auto waiting = session.message_count(dlq);
    if (!waiting) {
      ctx.err << "cambioctl dlq replay: no queue '" << dlq << "'\n";
      return k_exit_failed;
    }
    if (!session.message_count(origin)) {
      ctx.err << "cambioctl dlq replay: no queue '" << origin << "' to move the dead letters to\n";
      return k_exit_failed;
    }
    // At most the dead letters there at the start: a message that dies again while we replay is
    // not replayed in a loop.
    while (moved < *waiting && session.move_one(dlq, origin)) ++moved;
    ctx.out << "moved " << moved << " dead letter(s) from " << dlq << " to " << origin << "\n";
    return k_exit_ok;
  } catch (const broker_error& e) {
    ctx.err << "cambioctl dlq replay: " << e.what() << " (after moving " << moved
            << "; the others are still in " << dlq << ")\n";
    return k_exit_unusable;
  }
}

int purge(const context& ctx, const endpoints& where, const std::string& dlq) {
  try {
    broker_session session(where.broker, k_timeout);
    if (!session.message_count(dlq)) {
      ctx.err << "cambioctl dlq purge: no queue '" << dlq << "'\n";
      return k_exit_failed;
    }
    const auto purged = session.purge(dlq);
    ctx.out << "purged " << purged << " dead letter(s) from " << dlq << "\n";
    return k_exit_ok;
  } catch (const broker_error& e) {
    ctx.err << "cambioctl dlq purge: " << e.what() << "\n";
    return k_exit_unusable;
  }
}

int run_dlq(const context& ctx) {
  const auto args = parse_arguments(ctx.args, {{"--limit"}, {}});
  if (args.positional.empty()) throw usage_error("missing what to do: list, replay or purge");
  const auto& action = args.positional[0];
  if (action != "list" && action != "replay" && action != "purge") {
    throw usage_error("unknown action '" + action + "' (list, replay or purge)");
  }
  if (args.positional.size() < 2) throw usage_error("missing <queue>");
  if (args.positional.size() > 2)
    throw usage_error("unexpected argument '" + args.positional[2] + "'");
  if (action != "list" && args.option("--limit")) throw usage_error("--limit is for dlq list only");
  const auto limit = static_cast<int>(args.integer("--limit", 10, 1, 10'000));
  const auto dlq = dead_letter_queue_of(args.positional[1]);
  const auto origin = origin_queue_of(args.positional[1]);

  const auto where = endpoints_of(ctx.load_settings());
  if (action == "list") return list(ctx, where, dlq, limit);
  if (action == "replay") return replay(ctx, where, dlq, origin);
  return purge(ctx, where, dlq);
}

}  // namespace

command dlq_command() { return {"dlq", "inspect, replay or purge dead letters", k_usage, run_dlq}; }

}  // namespace cambio::cambioctl
