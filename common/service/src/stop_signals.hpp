#pragma once
// SIGTERM and SIGINT are blocked in every thread and taken synchronously by the one that waits.

namespace cambio {

// Blocks SIGTERM and SIGINT in the calling thread; threads started afterwards inherit the mask.
void block_stop_signals();
// Waits until SIGTERM or SIGINT arrives; returns its number.
int wait_for_stop_signal();

}  // namespace cambio
