#pragma once
// The mailer's background loop, on a thread of its own: claim a batch, deliver it, claim again
// while there is work; otherwise sleep until woken (a mail.queued event), until the earliest retry
// of the last batch, or for the poll interval — whichever comes first. The poll makes a lost
// event cost a delay, never a mail. When db-proxy cannot be reached the loop waits a poll interval
// and tries again.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "mailer/delivery.hpp"
#include "mailer/outbox.hpp"

namespace cambio::mailer {

class mail_loop {
 public:
  mail_loop(outbox& box, mail_delivery& delivery, int batch, std::chrono::seconds lease,
            std::chrono::milliseconds poll);
  ~mail_loop();  // stop()
  mail_loop(const mail_loop&) = delete;
  mail_loop& operator=(const mail_loop&) = delete;

  void start();
  // Abandons the batch in progress between two mails (its unsent mails come back after their
  // lease) and joins.
  void stop();
  // Looks at the outbox now (or, if a batch is in progress, right after it).
  void wake();

 private:
  void run(const std::stop_token& stop);
  void wait(const std::stop_token& stop, std::chrono::steady_clock::time_point until);

  outbox& outbox_;
  mail_delivery& delivery_;
  int batch_;
  std::chrono::seconds lease_;
  std::chrono::milliseconds poll_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool woken_ = false;
  std::jthread thread_;
};

}  // namespace cambio::mailer
