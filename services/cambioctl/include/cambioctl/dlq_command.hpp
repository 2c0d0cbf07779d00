#pragma once
// cambioctl dlq list <queue> [--limit N]   the first N dead letters of <queue>.dlq, left in place
// cambioctl dlq replay <queue>             moves them all back to <queue> (confirmed, none lost)
// cambioctl dlq purge <queue>              drops them

#include "cambioctl/command.hpp"

namespace cambio::cambioctl {

command dlq_command();

}  // namespace cambio::cambioctl
