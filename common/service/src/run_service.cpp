#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include "cambio/log.hpp"
#include "cambio/service.hpp"

namespace cambio {
namespace {

void print_usage(std::ostream& out, const std::string& name) {
  out << "usage: " << name << " [--version | --list-queues]\n"
      << "Settings come from CAMBIO_* environment variables (and CAMBIO_CONFIG_FILE).\n";
}

}  // namespace

int run_service(service_identity id, int argc, char** argv,
                const std::function<void(service&)>& wire) {
  bool list_queues = false;
  for (const std::string_view arg : std::vector<std::string_view>(argv + 1, argv + argc)) {
    if (arg == "--version") {
      std::cout << id.name << ' ' << CAMBIO_VERSION << '\n';
      return 0;
    }
    if (arg == "--help" || arg == "-h") {
      print_usage(std::cout, id.name);
      return 0;
    }
    if (arg != "--list-queues") {
      std::cerr << id.name << ": unknown argument '" << arg << "'\n";
      print_usage(std::cerr, id.name);
      return 2;
    }
    list_queues = true;
  }

  const auto name = id.name;
  try {
    service s(std::move(id), config::from_environment(),
              list_queues ? service_mode::list_queues : service_mode::run);
    wire(s);
    if (list_queues) {
      for (const auto& queue : s.server().queues()) std::cout << queue << '\n';
      for (const auto& key : s.server().event_bindings()) std::cout << "event " << key << '\n';
      return 0;
    }
    return s.run();
  } catch (const config_error& e) {
    std::cerr << name << ": configuration error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    log::get("service")->critical("{} cannot run: {}; exiting", name, e.what());
    return 1;
  }
}

}  // namespace cambio
