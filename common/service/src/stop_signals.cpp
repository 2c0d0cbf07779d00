#include "stop_signals.hpp"

#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>

#include <pthread.h>

namespace cambio {
namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void block_stop_signals() {
  const auto set = stop_signals();
  if (const int rc = pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
    throw std::runtime_error(std::string("cannot block SIGTERM/SIGINT: ") + std::strerror(rc));
  }
}

int wait_for_stop_signal() {
  const auto set = stop_signals();
  int received = 0;
  if (const int rc = sigwait(&set, &received); rc != 0) {
    throw std::runtime_error(std::string("cannot wait for SIGTERM/SIGINT: ") + std::strerror(rc));
  }
  return received;
}

}  // namespace cambio
