#pragma once
// The raw server shaped as DESIGN.md "The wire" shapes rmqrpc's, and nothing more: the thread that
// owns the connection consumes and hands each request to a pool of worker threads (the consuming
// I/O never runs handlers), a worker hands the reply back to that thread (rabbitmq-c connections
// are not thread-safe: one connection per thread that owns it), which publishes it and acks. The
// hand-backs are batched as rmqrpc's are: the owner is woken (an eventfd) only when its batch goes
// from empty to not empty. No JSON, schemas, headers, deadlines or metrics: the handler echoes the
// body's bytes.
//
// With `contract`, each request also gets what DESIGN.md "The wire" asks of the server for every
// message, and nothing more: the `x-deadline` header checked (an expired request is not executed),
// the body parsed as JSON and checked against its schema (valijson, proto-schemas/test.echo), the
// reply built as the `{"ok":true,"result":...}` envelope in JSON, and the handler's time in a
// latency histogram.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <future>
#include <string>

namespace cambio::bench {

// Consumes `queue` with `prefetch` until `stop`; sets `ready` once it consumes.
void serve_pooled(const std::string& url, const std::string& queue, std::uint16_t prefetch,
                  std::size_t workers, bool contract, const std::atomic<bool>& stop,
                  std::promise<void>& ready);

}  // namespace cambio::bench
