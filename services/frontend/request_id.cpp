#include "request_id.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <random>

namespace cambio::frontend {
namespace {

bool sane(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
  });
}

std::string new_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char text[40];
  std::snprintf(text, sizeof text, "web-%016llx", static_cast<unsigned long long>(rng()));
  return text;
}

}  // namespace

std::string request_id_of(const httplib::Request& req) {
  auto id = req.get_header_value("X-Request-Id");
  return sane(id) ? id : new_id();
}

}  // namespace cambio::frontend
