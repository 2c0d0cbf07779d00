#pragma once
// cambioctl rates status [--json]                      provider, last run, last rate date, next
// run,
//                                                      days held
// cambioctl rates ingest [<date>|latest]               fetch now (default: latest, the scheduled
//                                                      run with its catch-up)
// cambioctl rates backfill --from D --to D [--chunk-days N]
//                                                      fetch a range, chunk by chunk, with a
//                                                      progress bar on stderr
// All through the operator-only queues rates.status and rates.ingest.

#include <string>

#include <nlohmann/json.hpp>

#include "cambioctl/command.hpp"

namespace cambio::cambioctl {

command rates_command();

// "[##########----------]  12/24  50%"
std::string progress_bar(int done, int total, int width = 30);

// The rates.status reply as lines for people.
std::string rates_status_text(const nlohmann::json& status);

}  // namespace cambio::cambioctl
