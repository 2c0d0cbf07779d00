// The fake exchange's HTTP routes: Binance's REST ticker and the test controls.

#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

#include "exchange_server.hpp"

namespace cambio::fakes {
namespace {

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

// "a=1&b=2" of the target's query; no percent-decoding (nothing here needs it).
std::map<std::string, std::string, std::less<>> query_of(std::string_view target) {
  std::map<std::string, std::string, std::less<>> query;
  const auto mark = target.find('?');
  if (mark == std::string_view::npos) return query;
  auto rest = target.substr(mark + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    query.emplace(std::string(pair.substr(0, eq)),
                  eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return query;
}

template <class Number>
std::optional<Number> number_of(const std::map<std::string, std::string, std::less<>>& query,
                                std::string_view key) {
  const auto it = query.find(key);
  if (it == query.end()) return std::nullopt;
  Number value{};
  const auto* end = it->second.data() + it->second.size();
  const auto [ptr, ec] = std::from_chars(it->second.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

response reply(const request& req, unsigned status, std::string body,
               std::string_view type = "application/json;charset=UTF-8") {
  response res{static_cast<http::status>(status), req.version()};
  res.set(http::field::content_type, beast::string_view(type.data(), type.size()));
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

response bad_request(const request& req, const std::string& why) {
  return reply(req, 400, nlohmann::json{{"error", why}}.dump());
}

}  // namespace

exchange_server::response exchange_server::answer(const request& req) {
  const auto target = view(req.target());
  const auto path = target.substr(0, target.find('?'));
  if (path == "/api/v3/ticker/price" && req.method() == http::verb::get) return ticker(req);
  if (path.rfind("/control/", 0) == 0) return control(req);
  return reply(req, 404, R"({"code":-1000,"msg":"Not found."})");
}

exchange_server::response exchange_server::ticker(const request& req) {
  rest_times_.push_back(std::chrono::steady_clock::now());
  if (auto fault = faults_.next()) {
    auto res = reply(req, fault->status, std::move(fault->body));
    if (fault->retry_after.count() > 0) {
      res.set(http::field::retry_after, std::to_string(fault->retry_after.count()));
    }
    return res;
  }
  const auto query = query_of(view(req.target()));
  const auto symbol = query.find("symbol");
  // Without a symbol Binance lists every symbol's price; the fake lists its one.
  if (symbol == query.end()) return reply(req, 200, "[" + market_.ticker_body() + "]");
  if (symbol->second != market_.symbol()) {
    auto invalid = invalid_symbol_reply();
    return reply(req, invalid.status, std::move(invalid.body));
  }
  return reply(req, 200, market_.ticker_body());
}

exchange_server::response exchange_server::control(const request& req) {
  const auto target = view(req.target());
  const auto action = target.substr(9, target.find('?') - 9);  // after "/control/"
  const auto query = query_of(target);
  if (action == "state" && req.method() == http::verb::get) {
    const auto s = stats();
    return reply(req, 200,
                 nlohmann::json{{"price", market_.price()},
                                {"open_streams", s.open_streams},
                                {"streams_accepted", s.streams_accepted},
                                {"trades_sent", s.trades_sent},
                                {"pings_sent", s.pings_sent},
                                {"pongs_received", s.pongs_received},
                                {"rest_requests", s.rest_requests}}
                     .dump());
  }
  if (req.method() != http::verb::post) return bad_request(req, "controls are POST requests");
  if (action == "price") {
    const auto price = number_of<double>(query, "value");
    if (!price || *price <= 0) return bad_request(req, "price?value=<positive number>");
    set_price(*price);
  } else if (action == "stall") {
    stall_streams();
  } else if (action == "garbage") {
    send_garbage(number_of<int>(query, "frames").value_or(1));
  } else if (action == "frame") {
    send_frame(req.body());
  } else if (action == "close") {
    close_streams(number_of<std::uint16_t>(query, "code").value_or(1000));
  } else if (action == "reset") {
    reset_streams();
  } else if (action == "rest") {
    const auto fault = query.find("fault");
    const auto parsed = parse_rest_fault(fault == query.end() ? "" : fault->second);
    if (!parsed) {
      return bad_request(req,
                         "rest?fault=rate_limited|banned|server_error|malformed|"
                         "invalid_symbol|none");
    }
    fail_rest(*parsed, number_of<int>(query, "times").value_or(-1),
              std::chrono::seconds(number_of<int>(query, "retry_after").value_or(0)));
  } else {
    return reply(req, 404, nlohmann::json{{"error", "no control " + std::string(action)}}.dump());
  }
  return reply(req, 200, R"({"ok":true})");
}

}  // namespace cambio::fakes
