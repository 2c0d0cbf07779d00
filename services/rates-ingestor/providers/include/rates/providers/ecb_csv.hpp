#pragma once
// The ECB's eurofxref-hist.csv as a provider: the whole euro reference-rate history offline, used
// to backfill and by the local stack. EUR base.
//   Date,USD,JPY,BGN,CYP,...,ZAR,          (a trailing comma: an empty last column)
//   2026-04-13,1.1684,186.75,N/A,N/A,...,  (newest first; N/A or empty: no rate that day)
// The file is read once, on first use, and kept parsed (about 7000 days × 41 columns: a few ms).
// Failures: unavailable when the file cannot be read (the path in the message), bad_response for a
// malformed file (the line number in the message); a failed load is tried again on the next call.

#include <memory>
#include <mutex>
#include <string>

#include "rates/provider.hpp"

namespace cambio::rates {

struct ecb_csv_settings {
  std::string path;  // eurofxref-hist.csv
};

class ecb_csv final : public provider {
 public:
  explicit ecb_csv(ecb_csv_settings settings);
  ~ecb_csv() override;

  std::string_view name() const override { return "ecb-csv"; }
  // The newest row with a rate. Deadlines do not apply: nothing here waits on the network.
  rate_set latest(deadline until) override;
  // The rows in [from, to], oldest first.
  std::vector<rate_set> range(cambio::date from, cambio::date to, deadline until) override;

 private:
  struct table;
  const table& loaded();

  std::string path_;
  std::mutex load_mutex_;
  std::unique_ptr<const table> table_;  // set once, then only read
};

}  // namespace cambio::rates
