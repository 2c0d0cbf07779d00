#include "cambio/testing/service_process.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <stdexcept>
#include <string_view>

#include "cambio/testing/infra.hpp"

extern char** environ;

namespace cambio::testing {

service_process::service_process(const std::string& executable,
                                 const std::map<std::string, std::string>& settings,
                                 const std::vector<std::string>& args) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!std::string_view(*e).starts_with("CAMBIO_")) env.emplace_back(*e);
  }
  for (const auto& [key, value] : settings) env.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  std::string path =
      executable.find('/') == std::string::npos ? bin_dir() + "/" + executable : executable;
  std::vector<std::string> argv_text{path};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, path.c_str(), nullptr, nullptr, argv.data(), envp.data()) != 0) {
    throw std::runtime_error("cannot start " + path);
  }
}

service_process::~service_process() {
  if (!running()) return;
  if (!stop(SIGTERM, 15000)) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

bool service_process::running() {
  if (exited_) return false;
  if (::waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
  return !exited_;
}

int service_process::exit_code() {
  return !running() && WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
}

void service_process::signal(int sig) const { ::kill(pid_, sig); }

bool service_process::stop(int sig, int timeout_ms) {
  if (!running()) return true;
  signal(sig);
  return eventually([&] { return !running(); }, std::chrono::milliseconds(timeout_ms));
}

}  // namespace cambio::testing
