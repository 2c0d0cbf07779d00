#pragma once
// fake-exchange's command line (private):
//   fake-exchange --port N [--host 127.0.0.1] [--price P] [--interval-ms M] [--ping-ms M]
//                 [--seed S]

#include <stdexcept>
#include <string>

#include "cambio/fakes/fake_exchange.hpp"

namespace cambio::fakes {

struct command_line {
  fake_exchange_options options;
  bool help = false;
};

// Throws std::invalid_argument saying what is wrong; usage() says what is right.
command_line parse_command_line(int argc, const char* const* argv);
std::string usage();

}  // namespace cambio::fakes
