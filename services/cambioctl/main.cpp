// cambioctl: the operator CLI of a Cambio stack (RPC calls, health, queues, dead letters, rate
// ingest, the mail outbox).

#include "cambioctl/call_command.hpp"
#include "cambioctl/command.hpp"
#include "cambioctl/dlq_command.hpp"
#include "cambioctl/health_command.hpp"
#include "cambioctl/mail_command.hpp"
#include "cambioctl/queues_command.hpp"
#include "cambioctl/rates_command.hpp"

int main(int argc, char** argv) {
  namespace ctl = cambio::cambioctl;
  return ctl::run_cli(argc, argv,
                      {ctl::call_command(), ctl::health_command(), ctl::queues_command(),
                       ctl::dlq_command(), ctl::rates_command(), ctl::mail_command()});
}
