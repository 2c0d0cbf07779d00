#include "maildir_arrivals.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

#include "mail_text.hpp"

namespace cambio::bench {

namespace fs = std::filesystem;
using cambio::testing::mail::count_maildir;

maildir_arrivals::maildir_arrivals(fs::path maildir)
    : maildir_(std::move(maildir)), fd_(inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) {
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
  const auto dir = (maildir_ / "new").string();
  if (inotify_add_watch(fd_, dir.c_str(), IN_MOVED_TO | IN_CREATE) < 0) {
    const int e = errno;
    ::close(fd_);
    throw std::system_error(e, std::generic_category(), "inotify_add_watch " + dir);
  }
}

maildir_arrivals::~maildir_arrivals() { ::close(fd_); }

std::optional<std::size_t> maildir_arrivals::drain() {
  std::size_t arrived = 0;
  bool lost = false;
  alignas(inotify_event) std::array<char, 4096> buffer;
  for (;;) {
    const auto n = ::read(fd_, buffer.data(), buffer.size());
    if (n <= 0) break;  // EAGAIN: nothing more queued
    for (std::size_t at = 0; at < static_cast<std::size_t>(n);) {
      inotify_event event;
      std::memcpy(&event, buffer.data() + at, sizeof event);
      if ((event.mask & IN_Q_OVERFLOW) != 0) lost = true;
      if ((event.mask & (IN_MOVED_TO | IN_CREATE)) != 0) ++arrived;
      at += sizeof(inotify_event) + event.len;
    }
  }
  if (lost) return std::nullopt;
  return arrived;
}

bool maildir_arrivals::wait_for(std::size_t count, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  drain();  // the files listed now are counted by the listing, not by their events
  // Every file that arrives after this listing also gives an event; one that arrives while it runs
  // may be counted twice, so a count that reaches `count` is confirmed by listing again.
  auto known = count_maildir(maildir_);
  while (known < count) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return count_maildir(maildir_) >= count;
    pollfd p{fd_, POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 1000)));
    const auto arrived = drain();
    known = arrived ? known + *arrived : count_maildir(maildir_);
    if (known >= count) known = count_maildir(maildir_);
  }
  return true;
}

}  // namespace cambio::bench
