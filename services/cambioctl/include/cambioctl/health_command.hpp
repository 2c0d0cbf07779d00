#pragma once
// cambioctl health [--json] [--timeout-ms N]
// Calls every service's <prefix>.health in parallel; exit 0 only when all are healthy.

#include "cambioctl/command.hpp"

namespace cambio::cambioctl {

command health_command();

}  // namespace cambio::cambioctl
