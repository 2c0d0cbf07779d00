#pragma once
// cambioctl's exit codes, the same for every command.

namespace cambio::cambioctl {

inline constexpr int k_exit_ok = 0;
// The command ran but the answer is "no": an error reply, an unhealthy service, a missing queue.
inline constexpr int k_exit_failed = 1;
// The command could not run: bad usage, a malformed argument, or the broker / management API out of
// reach (transport failure).
inline constexpr int k_exit_unusable = 2;

}  // namespace cambio::cambioctl
