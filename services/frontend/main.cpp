// frontend: the web site and JSON API; talks to the other services over RPC only.

#include "cambio/service.hpp"
#include "web_server.hpp"

int main(int argc, char** argv) {
  return cambio::run_service({"frontend", "frontend"}, argc, argv,
                             [](cambio::service& s) { cambio::frontend::append_web_server(s); });
}
