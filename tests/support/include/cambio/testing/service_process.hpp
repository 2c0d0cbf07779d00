#pragma once
// An executable of the build (a service, cambioctl, fake-exchange) running as a child process with
// the given settings over this process's environment minus its own CAMBIO_* variables, so a test
// says exactly which settings the child sees. SIGTERM on destruction, SIGKILL if it has not exited
// within 15 s.
//
//   service_process proxy("db-proxy", {{"CAMBIO_AMQP_URL", vhost.amqp_url()}, ...});

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace cambio::testing {

class service_process {
 public:
  // `executable`: a name in bin_dir() or a path (containing '/').
  service_process(const std::string& executable, const std::map<std::string, std::string>& settings,
                  const std::vector<std::string>& args = {});
  ~service_process();
  service_process(const service_process&) = delete;
  service_process& operator=(const service_process&) = delete;

  bool running();
  // The exit code once it has exited, -1 before (or when a signal ended it).
  int exit_code();
  void signal(int sig) const;
  // Sends `sig` and waits up to `timeout_ms` for the exit; true if it exited.
  bool stop(int sig, int timeout_ms);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = 0;
  bool exited_ = false;
  int status_ = 0;
};

}  // namespace cambio::testing
