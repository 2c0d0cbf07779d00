#include "raw_echo.hpp"

#include <amqp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <exception>
#include <future>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <nlohmann/json.hpp>

#include "cambio/metrics.hpp"
#include "cambio/testing/raw_amqp.hpp"
#include "raw_connection.hpp"
#include "raw_pool_server.hpp"

namespace cambio::bench {
namespace {

using namespace raw;
constexpr timeval k_poll{0, 50'000};  // how often the loops look at their stop condition

// The server: consumes `queue` with the given prefetch, answers each request with its own body,
// acks. Runs until `stop`; sets `ready` once it consumes.
void serve(const std::string& url, const std::string& queue, std::uint16_t prefetch,
           const std::atomic<bool>& stop, std::promise<void>& ready) {
  connection c(url, "rpc_bench/raw-server");
  c.consume_afresh(queue, prefetch);
  ready.set_value();

  while (!stop.load(std::memory_order_relaxed)) {
    amqp_envelope_t envelope;
    if (!c.next(envelope, k_poll)) continue;
    const auto& request = envelope.message.properties;
    if ((request._flags & AMQP_BASIC_REPLY_TO_FLAG) != 0) {
      amqp_basic_properties_t reply{};
      reply._flags = AMQP_BASIC_CONTENT_TYPE_FLAG;
      reply.content_type = amqp_cstring_bytes("application/json");
      if ((request._flags & AMQP_BASIC_CORRELATION_ID_FLAG) != 0) {
        reply._flags |= AMQP_BASIC_CORRELATION_ID_FLAG;
        reply.correlation_id = request.correlation_id;
      }
      check_status(amqp_basic_publish(c.get(), k_channel, amqp_empty_bytes, request.reply_to, false,
                                      false, &reply, envelope.message.body),
                   "publish reply");
    }
    check_status(amqp_basic_ack(c.get(), k_channel, envelope.delivery_tag, false), "ack");
    amqp_destroy_envelope(&envelope);
  }
}

// What the contract adds to a request: a message id, the deadline, request id and caller headers,
// an expiration (raw_echo.hpp).
struct contract_fields {
  std::string message_id, request_id, expiration;
  std::array<amqp_table_entry_t, 3> headers{};

  void fill(amqp_basic_properties_t& props, boost::uuids::random_generator_mt19937& uuids,
            std::chrono::milliseconds timeout) {
    message_id = boost::uuids::to_string(uuids());
    request_id = boost::uuids::to_string(uuids());
    expiration = std::to_string(timeout.count());
    const auto deadline = std::chrono::duration_cast<std::chrono::milliseconds>(
                              (std::chrono::system_clock::now() + timeout).time_since_epoch())
                              .count();
    headers[0].key = amqp_cstring_bytes("x-deadline");
    headers[0].value.kind = AMQP_FIELD_KIND_I64;
    headers[0].value.value.i64 = deadline;
    headers[1].key = amqp_cstring_bytes("x-request-id");
    headers[1].value.kind = AMQP_FIELD_KIND_UTF8;
    headers[1].value.value.bytes = bytes(request_id);
    headers[2].key = amqp_cstring_bytes("x-caller");
    headers[2].value.kind = AMQP_FIELD_KIND_UTF8;
    headers[2].value.value.bytes = amqp_cstring_bytes("rpc_bench/raw-client");
    props._flags |= AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_HEADERS_FLAG |
                    AMQP_BASIC_EXPIRATION_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
    props.delivery_mode = AMQP_DELIVERY_NONPERSISTENT;
    props.message_id = bytes(message_id);
    props.expiration = bytes(expiration);
    props.headers = amqp_table_t{static_cast<int>(headers.size()), headers.data()};
  }
};

// The client: keeps s.in_flight calls going until the window closes, then waits for the rest.
// With `confirms`, publishes with `mandatory` on a channel in confirm mode; with `contract`, as
// raw_echo.hpp says.
summary drive(const scenario& s, const std::string& queue, bool confirms, bool contract) {
  connection c(s.url, "rpc_bench/raw-client");
  if (confirms) {
    amqp_confirm_select(c.get(), k_channel);
    check(amqp_get_rpc_reply(c.get()), "confirm.select");
  }
  amqp_basic_consume(c.get(), k_channel, bytes(k_reply_to), amqp_empty_bytes, false, true, false,
                     amqp_empty_table);
  check(amqp_get_rpc_reply(c.get()), "basic.consume (direct reply-to)");

  const auto body = request_body(s);
  // Slot i has at most one call in flight; its correlation id is "i".
  std::vector<std::string> ids(s.in_flight);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = std::to_string(i);
  std::vector<steady::time_point> started(s.in_flight);
  std::vector<bool> busy(s.in_flight, false);
  std::size_t outstanding = 0;
  boost::uuids::random_generator_mt19937 uuids;
  cambio::metrics::registry metrics;
  auto& call_time = metrics.histogram("raw_client_duration_seconds", "Call latency");
  auto& calls_ok = metrics.counter("raw_client_calls_total", "Calls", {{"outcome", "ok"}});

  const auto call = [&](std::size_t slot) {
    amqp_basic_properties_t props{};
    props._flags =
        AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_CORRELATION_ID_FLAG | AMQP_BASIC_REPLY_TO_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.correlation_id = bytes(ids[slot]);
    props.reply_to = bytes(k_reply_to);
    started[slot] = steady::now();
    busy[slot] = true;
    ++outstanding;
    contract_fields fields;
    std::string params;  // the contract serializes each call's params
    if (contract) {
      fields.fill(props, uuids, std::chrono::seconds(5));
      params = nlohmann::json{{"text", s.text}}.dump();
    }
    check_status(amqp_basic_publish(c.get(), k_channel, amqp_empty_bytes, bytes(queue), confirms,
                                    false, &props, bytes(contract ? params : body)),
                 "publish request");
  };
  // Whether a reply is the echo of the request.
  const auto echoed = [&](std::string_view reply) {
    if (!contract) return reply == body;
    const auto envelope = nlohmann::json::parse(reply, nullptr, false);
    return envelope.is_object() && envelope.value("ok", false) && envelope.contains("result") &&
           envelope.at("result").is_object() &&
           envelope.at("result").value("text", std::string()) == s.text;
  };

  latency_recorder recorder(measure_window::from_now(s.warmup, s.length));
  const auto give_up =
      recorder.window().end + std::chrono::duration_cast<steady::duration>(s.drain);
  for (std::size_t slot = 0; slot < s.in_flight; ++slot) call(slot);

  while (outstanding > 0 && steady::now() < give_up) {
    amqp_envelope_t envelope;
    if (!c.next(envelope, k_poll)) continue;
    const auto now = steady::now();
    const auto& props = envelope.message.properties;
    std::size_t slot = s.in_flight;
    if ((props._flags & AMQP_BASIC_CORRELATION_ID_FLAG) != 0) {
      const auto id = view(props.correlation_id);
      std::from_chars(id.data(), id.data() + id.size(), slot);
    }
    const bool ok = echoed(view(envelope.message.body));
    amqp_destroy_envelope(&envelope);
    if (slot >= s.in_flight || !busy[slot]) continue;  // not ours
    busy[slot] = false;
    --outstanding;
    if (ok) {
      recorder.completed(started[slot], now);
      if (contract) {
        call_time.observe(std::chrono::duration<double>(steady::now() - started[slot]).count());
        calls_ok.inc();
      }
    } else {
      recorder.failed();
    }
    if (now < recorder.window().end) call(slot);
  }
  for (std::size_t i = 0; i < outstanding; ++i) recorder.failed();  // never answered
  return recorder.summarize();
}

}  // namespace

summary run_raw_echo(const scenario& s, const raw_shape& shape, const std::string& queue) {
  testing::raw_amqp(s.url).declare_queue(queue, "classic");

  std::atomic<bool> stop{false};
  std::promise<void> ready;
  auto server_ready = ready.get_future();
  std::exception_ptr server_error;
  std::thread server([&] {
    try {
      if (shape.design) {
        serve_pooled(s.url, queue, s.server_prefetch(), shape.workers, shape.contract, stop, ready);
      } else {
        serve(s.url, queue, s.server_prefetch(), stop, ready);
      }
    } catch (...) {
      server_error = std::current_exception();
      try {
        ready.set_exception(std::current_exception());
      } catch (const std::future_error&) {  // it was ready before it failed
      }
    }
  });

  summary result;
  std::exception_ptr client_error;
  try {
    server_ready.get();
    result = drive(s, queue, shape.design, shape.design && shape.contract);
  } catch (...) {
    client_error = std::current_exception();
  }
  stop = true;
  server.join();
  if (client_error) std::rethrow_exception(client_error);
  if (server_error) std::rethrow_exception(server_error);
  return result;
}

}  // namespace cambio::bench
