#include "rmqrpc/request.hpp"

namespace rmqrpc {

request::request(const nlohmann::json& params, std::string queue, std::string request_id,
                 std::string caller, std::string message_id, clock::time_point deadline,
                 client* nested)
    : params_(params),
      queue_(std::move(queue)),
      request_id_(std::move(request_id)),
      caller_(std::move(caller)),
      message_id_(std::move(message_id)),
      deadline_(deadline),
      nested_(nested) {}

call_options request::inherit(call_options options) const {
  if (!options.deadline || *options.deadline > deadline_) options.deadline = deadline_;
  if (options.request_id.empty()) options.request_id = request_id_;
  return options;
}

nlohmann::json request::call(std::string_view queue, const nlohmann::json& params,
                             call_options options) const {
  if (nested_ == nullptr) throw std::logic_error("this request has no client for nested calls");
  return nested_->call(queue, params, inherit(std::move(options)));
}

void request::publish(std::string_view routing_key, const nlohmann::json& event) const {
  if (nested_ == nullptr) throw std::logic_error("this request has no client for nested calls");
  nested_->publish(routing_key, event, inherit({}));
}

}  // namespace rmqrpc
