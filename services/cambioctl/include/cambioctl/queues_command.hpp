#pragma once
// cambioctl queues [--json]
// The queues of the stack's vhost with their depth and consumers, from the management API.

#include "cambioctl/command.hpp"

namespace cambio::cambioctl {

command queues_command();

}  // namespace cambio::cambioctl
