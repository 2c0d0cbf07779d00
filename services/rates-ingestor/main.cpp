// rates-ingestor: fetches FX reference rates and the BTC price, and converts between currencies.

#include "cambio/service.hpp"
#include "rates/wiring.hpp"

int main(int argc, char** argv) {
  return cambio::run_service({"rates-ingestor", "rates"}, argc, argv, cambio::rates::wire);
}
