// fake-exchange: a fake Binance (REST ticker, BTCUSDT trade stream) for the offline local stack.
// Prints the settings that point rates-ingestor at it, then serves until SIGTERM or SIGINT.

#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

#include "cambio/fakes/fake_exchange.hpp"
#include "command_line.hpp"

namespace {

// Blocked in every thread (the fake's I/O thread inherits the mask) and taken by sigwait below.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

int main(int argc, char** argv) {
  cambio::fakes::command_line command;
  try {
    command = cambio::fakes::parse_command_line(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "fake-exchange: " << e.what() << "\n" << cambio::fakes::usage();
    return 2;
  }
  if (command.help) {
    std::cout << cambio::fakes::usage();
    return 0;
  }
  const auto signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    cambio::fakes::fake_exchange exchange(command.options);
    exchange.start();
    // KEY=VALUE lines that a deploy script can append to an env file as they are.
    std::cout << "CAMBIO_BTC_REST_URL=" << exchange.rest_url() << "\n"
              << "CAMBIO_BTC_WS_URL=" << exchange.ws_url() << "\n"
              << "# controls: " << exchange.rest_url() << "/control/... (fake-exchange --help)"
              << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    std::cerr << "fake-exchange: signal " << received << ", stopping\n";
    exchange.stop();
  } catch (const std::exception& e) {
    std::cerr << "fake-exchange: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
