#!/usr/bin/python3
"""pika_rpc.py — the baseline of rpc_bench: RabbitMQ tutorial six (RPC) with pika's BlockingConnection.

  /usr/bin/python3 pika_rpc.py --url URL [--in-flight N] [--prefetch N] [--warmup S] [--seconds S]
                               [--drain S] [--text T] [--queue bench.pika]

Runs the tutorial's server in a child process (pika connections are not thread-safe, and one process
per side keeps the GIL out of the picture) and its client here: an exclusive, server-named callback
queue per client, a uuid correlation id per call. The client keeps N calls in flight by publishing
the next request from on_response. Calls completing in [warm-up, warm-up + seconds) count. Prints
one JSON line: {"calls", "failures", "cps", "p50_ms", "p99_ms", "in_flight"}.

Run it with Debian's /usr/bin/python3 (python3-pika); a pyenv python earlier in PATH may lack pika.
"""

import argparse
import json
import signal
import subprocess
import sys
import time
import uuid

import pika


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("role", nargs="?", default="bench", choices=["bench", "server"])
    p.add_argument("--url", required=True)
    p.add_argument("--queue", default="bench.pika")
    p.add_argument("--in-flight", type=int, default=1)
    p.add_argument("--prefetch", type=int, default=16)
    p.add_argument("--warmup", type=float, default=1.0)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--drain", type=float, default=10.0)
    p.add_argument("--text", default="hello, cambio")
    return p.parse_args()


def serve(args):
    """Tutorial six's server, echoing the request body instead of computing fib(n)."""
    connection = pika.BlockingConnection(pika.URLParameters(args.url))
    channel = connection.channel()
    channel.queue_declare(queue=args.queue)  # as in the tutorial: classic, transient messages
    channel.queue_purge(queue=args.queue)
    # The tutorial sets prefetch_count=1, which with N calls in flight would make the server wait a
    # broker round trip per message. The prefetch is the other modes' (rpc_bench passes it: 16 or the
    # calls in flight), so that pika is not handicapped artificially.
    channel.basic_qos(prefetch_count=args.prefetch)

    def on_request(ch, method, props, body):
        ch.basic_publish(
            exchange="",
            routing_key=props.reply_to,
            properties=pika.BasicProperties(correlation_id=props.correlation_id),
            body=body,
        )
        ch.basic_ack(delivery_tag=method.delivery_tag)

    channel.basic_consume(queue=args.queue, on_message_callback=on_request)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("ready", flush=True)
    channel.start_consuming()


class rpc_client:
    """Tutorial six's client, keeping several calls in flight instead of one."""

    def __init__(self, args):
        self.queue = args.queue
        self.body = json.dumps({"text": args.text}, separators=(",", ":")).encode()
        self.connection = pika.BlockingConnection(pika.URLParameters(args.url))
        self.channel = self.connection.channel()
        result = self.channel.queue_declare(queue="", exclusive=True)
        self.callback_queue = result.method.queue
        self.channel.basic_consume(
            queue=self.callback_queue, on_message_callback=self.on_response, auto_ack=True
        )
        self.pending = {}  # correlation id -> start (ns)
        self.samples = []  # latencies (ns) of calls completed in the window
        self.failures = 0
        self.begin = self.end = 0

    def call(self):
        corr_id = str(uuid.uuid4())
        self.pending[corr_id] = time.monotonic_ns()
        self.channel.basic_publish(
            exchange="",
            routing_key=self.queue,
            properties=pika.BasicProperties(reply_to=self.callback_queue, correlation_id=corr_id),
            body=self.body,
        )

    def on_response(self, ch, method, props, body):
        started = self.pending.pop(props.correlation_id, None)
        if started is None:
            return
        now = time.monotonic_ns()
        if body != self.body:
            self.failures += 1
        elif self.begin <= now < self.end:
            self.samples.append(now - started)
        if now < self.end:
            self.call()

    def run(self, args):
        self.begin = time.monotonic_ns() + int(args.warmup * 1e9)
        self.end = self.begin + int(args.seconds * 1e9)
        give_up = self.end + int(args.drain * 1e9)
        for _ in range(args.in_flight):
            self.call()
        while self.pending and time.monotonic_ns() < give_up:
            self.connection.process_data_events(time_limit=0.05)
        self.failures += len(self.pending)
        self.connection.close()


def percentile(sorted_samples, q):
    """Nearest rank, as rpc_bench's C++ side computes it."""
    if not sorted_samples:
        return 0
    rank = int(q * len(sorted_samples) + 0.5)
    return sorted_samples[min(len(sorted_samples) - 1, max(rank, 1) - 1)]


def bench(args):
    server = subprocess.Popen(
        [sys.executable, __file__, "server", "--url", args.url, "--queue", args.queue,
         "--prefetch", str(args.prefetch)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        if server.stdout.readline().strip() != "ready":
            raise SystemExit("pika_rpc.py: the server did not come up")
        client = rpc_client(args)
        client.run(args)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    samples = sorted(client.samples)
    print(
        json.dumps(
            {
                "in_flight": args.in_flight,
                "calls": len(samples),
                "failures": client.failures,
                "cps": len(samples) / args.seconds,
                "p50_ms": percentile(samples, 0.50) / 1e6,
                "p99_ms": percentile(samples, 0.99) / 1e6,
            }
        ),
        flush=True,
    )


def main():
    args = parse_args()
    if args.role == "server":
        serve(args)
    else:
        bench(args)


if __name__ == "__main__":
    main()
