// mailer: delivers mail from the durable outbox over SMTP.

#include "cambio/service.hpp"
#include "mailer/wiring.hpp"

int main(int argc, char** argv) {
  return cambio::run_service({"mailer", "mail"}, argc, argv, cambio::mailer::wire);
}
