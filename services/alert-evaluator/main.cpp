// alert-evaluator: decides which rate alerts fire, exactly once per crossing.

#include "alerts/wiring.hpp"
#include "cambio/service.hpp"

int main(int argc, char** argv) {
  return cambio::run_service({"alert-evaluator", "alerts"}, argc, argv, cambio::alerts::wire);
}
