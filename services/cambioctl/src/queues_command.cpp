#include "cambioctl/queues_command.hpp"

#include <ostream>

#include "cambioctl/arguments.hpp"
#include "cambioctl/exit_codes.hpp"
#include "cambioctl/management_api.hpp"
#include "cambioctl/queue_table.hpp"

namespace cambio::cambioctl {
namespace {

constexpr auto k_usage =
    "usage: cambioctl queues [--json]\n"
    "\n"
    "Lists the queues of the stack's vhost (from CAMBIO_AMQP_URL) with the messages ready,\n"
    "unacknowledged and the consumers, from the RabbitMQ management API (CAMBIO_MGMT_URL).\n"
    "Dead-letter queues (<queue>.dlq) are marked. The management API refreshes its counters every\n"
    "few seconds.\n"
    "\n"
    "  --json    one JSON object instead of the table\n"
    "\n"
    "exit: 0 listed; 2 management API out of reach or bad usage.\n";

int run_queues(const context& ctx) {
  const auto args = parse_arguments(ctx.args, {{}, {"--json"}});
  if (!args.positional.empty())
    throw usage_error("unexpected argument '" + args.positional[0] + "'");
  const auto settings = ctx.load_settings();
  http_endpoint endpoint;
  amqp_endpoint broker;
  try {
    endpoint = parse_http_url(settings.mgmt_url);
    broker = parse_amqp_url(settings.amqp_url);
  } catch (const std::invalid_argument& e) {
    throw settings_error(e.what());
  }
  try {
    const management_api api(endpoint, broker.vhost);
    const auto rows = parse_queue_list(api.queues());
    if (args.has("--json")) {
      ctx.out << queues_json(rows, broker.vhost).dump(2) << "\n";
    } else {
      ctx.out << format_queue_table(rows, broker.vhost);
    }
    return k_exit_ok;
  } catch (const management_error& e) {
    ctx.err << "cambioctl queues: " << e.what() << "\n";
    return k_exit_unusable;
  }
}

}  // namespace

command queues_command() {
  return {"queues", "queue depths and consumers (management API)", k_usage, run_queues};
}

}  // namespace cambio::cambioctl
