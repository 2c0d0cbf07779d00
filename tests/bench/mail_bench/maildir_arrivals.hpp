#pragma once

// Waits for mail to arrive in a Maildir without listing it again and again. The sink writes each
// mail to tmp/ and renames it into new/; inotify reports each rename, so a wait costs one listing
// at its start and one at its end whatever the number of mails. Listing new/ every 2 ms instead, as
// this bench first did, cost the bench about 0.5 ms of CPU per mail (a listing of up to thousands
// of files each time) on the two cores the measured path shares, and only in the outbox mode: the
// direct modes send everything before they wait.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>

namespace cambio::bench {

class maildir_arrivals {
 public:
  // Watches <maildir>/new from now on; construct it before the mail is sent.
  explicit maildir_arrivals(std::filesystem::path maildir);
  ~maildir_arrivals();
  maildir_arrivals(const maildir_arrivals&) = delete;
  maildir_arrivals& operator=(const maildir_arrivals&) = delete;

  // Waits until new/ holds `count` files; false after `timeout`.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout);

 private:
  // The files reported arrived since the last call; nothing when the kernel's queue overflowed and
  // some reports were lost.
  std::optional<std::size_t> drain();

  std::filesystem::path maildir_;
  int fd_ = -1;
};

}  // namespace cambio::bench
