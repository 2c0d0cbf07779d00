#include "http_error.hpp"

namespace cambio::frontend {

int http_status(rmqrpc::errc code) {
  using rmqrpc::errc;
  switch (code) {
    case errc::invalid_argument:
      return 400;
    case errc::unauthenticated:
      return 401;
    case errc::permission_denied:
      return 403;
    case errc::not_found:
      return 404;
    case errc::already_exists:
    case errc::conflict:
      return 409;
    case errc::failed_precondition:
      return 412;
    case errc::resource_exhausted:
      return 429;
    case errc::deadline_exceeded:
      return 504;
    case errc::unavailable:
      return 503;
    case errc::internal:
      return 500;
  }
  return 500;
}

int http_status(const rmqrpc::error& e) {
  if (e.code() == rmqrpc::errc::deadline_exceeded && e.details().is_object() &&
      e.details().value("transport", false)) {
    return 503;
  }
  return http_status(e.code());
}

bool is_server_error(rmqrpc::errc code) {
  return code == rmqrpc::errc::deadline_exceeded || code == rmqrpc::errc::unavailable ||
         code == rmqrpc::errc::internal;
}

nlohmann::json error_body(const rmqrpc::error& e) {
  const bool internal = e.code() == rmqrpc::errc::internal;
  return {{"error",
           {{"code", rmqrpc::to_string(e.code())},
            {"message", internal ? std::string("internal error") : std::string(e.what())},
            {"details",
             internal || !e.details().is_object() ? nlohmann::json::object() : e.details()}}}};
}

std::string friendly_message(const rmqrpc::error& e) {
  switch (http_status(e)) {
    case 503:
      return "The service behind this page is not answering right now. Please try again in a "
             "minute.";
    case 504:
      return "The service behind this page took too long to answer. Please try again in a minute.";
    case 500:
      return "Something went wrong on our side. Please try again later.";
    default:
      return e.what();
  }
}

}  // namespace cambio::frontend
