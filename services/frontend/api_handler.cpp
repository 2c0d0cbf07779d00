#include "api_handler.hpp"

#include <exception>
#include <optional>
#include <string>

#include "cambio/log.hpp"
#include "http_error.hpp"
#include "request_id.hpp"
#include "rmqrpc/error.hpp"

namespace cambio::frontend {
namespace {

const auto& logger() {
  static const auto log = cambio::log::get("api");
  return log;
}

// The seconds an error tells the caller to wait: details.retry_after_s, or 10 for a 503.
std::optional<long long> retry_after(const rmqrpc::error& e, int status) {
  const auto& d = e.details();
  if (d.is_object() && d.contains("retry_after_s") && d["retry_after_s"].is_number_integer()) {
    return d["retry_after_s"].get<long long>();
  }
  if (status == 503) return 10;
  return std::nullopt;
}

void answer_error(httplib::Response& res, const rmqrpc::error& e) {
  res.status = http_status(e);
  if (const auto wait = retry_after(e, res.status)) {
    res.set_header("Retry-After", std::to_string(*wait));
  }
  res.set_header("Cache-Control", "no-store");
  res.set_content(error_body(e).dump(), "application/json");
}

}  // namespace

httplib::Server::Handler api_handler(std::function<api_reply(const httplib::Request&)> handler) {
  return api_handler([handler = std::move(handler)](const httplib::Request& req,
                                                    httplib::Response&) { return handler(req); });
}

httplib::Server::Handler api_handler(
    std::function<api_reply(const httplib::Request&, httplib::Response&)> handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    const auto id = request_id_of(req);
    cambio::log::request_scope scope(id);
    res.set_header("X-Request-Id", id);
    try {
      const auto reply = handler(req, res);
      res.status = reply.status;
      res.set_header("Cache-Control", reply.cache_control);
      if (reply.status != 204) res.set_content(reply.body.dump(), "application/json");
    } catch (const rmqrpc::error& e) {
      if (is_server_error(e.code())) {
        logger()->warn("{} {}: {} ({}); answered {}", req.method, req.path, e.what(),
                       rmqrpc::to_string(e.code()), http_status(e));
      }
      answer_error(res, e);
    } catch (const std::exception& e) {
      logger()->error("{} {} failed: {}; answered 500", req.method, req.path, e.what());
      answer_error(res, rmqrpc::error(rmqrpc::errc::internal, e.what()));
    }
  };
}

}  // namespace cambio::frontend
