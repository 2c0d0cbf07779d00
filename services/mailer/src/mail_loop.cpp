#include "mailer/mail_loop.hpp"

#include <algorithm>

#include "cambio/log.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::mailer {

mail_loop::mail_loop(outbox& box, mail_delivery& delivery, int batch, std::chrono::seconds lease,
                     std::chrono::milliseconds poll)
    : outbox_(box), delivery_(delivery), batch_(batch), lease_(lease), poll_(poll) {}

mail_loop::~mail_loop() { stop(); }

void mail_loop::start() {
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void mail_loop::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void mail_loop::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void mail_loop::wait(const std::stop_token& stop, std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex_);
  wake_.wait_until(lock, stop, until, [this] { return woken_; });
  woken_ = false;
}

void mail_loop::run(const std::stop_token& stop) {
  const auto logger = cambio::log::get("mail.loop");
  logger->info("delivering mail as {} (batches of {}, lease {} s, poll every {} ms)",
               outbox_.worker(), batch_, lease_.count(), poll_.count());
  bool outbox_down = false;
  while (!stop.stop_requested()) {
    auto until = std::chrono::steady_clock::now() + poll_;
    try {
      {
        std::lock_guard lock(mutex_);
        woken_ = false;  // this claim looks at everything queued so far
      }
      const auto claimed_at = std::chrono::steady_clock::now();
      const auto batch = outbox_.claim(batch_, lease_);
      if (outbox_down) logger->info("the outbox answers again");
      outbox_down = false;
      if (!batch.empty()) {
        const auto report =
            delivery_.deliver(batch, claimed_at, [&stop] { return stop.stop_requested(); });
        logger->debug("batch of {} in {} ms: {} sent, {} to retry, {} dead, {} left", batch.size(),
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - claimed_at)
                          .count(),
                      report.sent, report.retrying, report.dead, report.left);
        // More may be due already: claim again at once, unless nothing of this batch went (the
        // server is down: wait for the retries instead of spinning).
        if (report.sent > 0 || report.dead > 0) continue;
        if (report.next_retry) until = std::min(until, *report.next_retry);
      }
    } catch (const rmqrpc::error& e) {
      if (!outbox_down) {
        logger->warn("cannot claim mail ({}: {}); trying again every {} ms",
                     rmqrpc::to_string(e.code()), e.what(), poll_.count());
      }
      outbox_down = true;
    } catch (const std::exception& e) {
      logger->error("mail loop: {}; trying again in {} ms", e.what(), poll_.count());
    }
    wait(stop, until);
  }
}

}  // namespace cambio::mailer
