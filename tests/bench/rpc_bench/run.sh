#!/usr/bin/env bash
# tests/bench/rpc_bench/run.sh [rpc_bench args...] — run by `deploy/bench.sh rpc_bench`.
#
# Starts a private RabbitMQ, runs the echo RPC through rmqrpc, raw rabbitmq-c (also shaped as the
# design shapes rmqrpc) and tutorial-six pika at 1 and 64 calls in flight (see main.cpp), stops the
# broker. The last line is
# `BENCH rpc_bench key=value ...`. Extra arguments go to the binary (e.g. --seconds 10).
#
# Environment (deploy/bench.sh sets the CAMBIO_* ones; all have defaults for a direct run):
#   CAMBIO_ROOT            the repository (default: this script's ../../..)
#   RPC_BENCH_BIN          the binary (default $CAMBIO_BIN/rpc_bench, $CAMBIO_ROOT/build/bin/rpc_bench)
#   CAMBIO_BENCH_DIR       scratch state; the broker lives in <it>/rabbit (default $CAMBIO_ROOT/var/bench/rpc_bench)
#   CAMBIO_TEST_AMQP_PORT  the broker's AMQP port (default 5892; mgmt/dist/epmd ports derive from it)
set -euo pipefail

CAMBIO_ROOT="${CAMBIO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
here="$CAMBIO_ROOT/tests/bench/rpc_bench"
infra="$CAMBIO_ROOT/tests/infra/infra.sh"
bin="${RPC_BENCH_BIN:-${CAMBIO_BIN:-$CAMBIO_ROOT/build/bin}/rpc_bench}"
state="${CAMBIO_BENCH_DIR:-$CAMBIO_ROOT/var/bench/rpc_bench}/rabbit"
port="${CAMBIO_TEST_AMQP_PORT:-5892}"
python=/usr/bin/python3 # Debian's, with python3-pika (a pyenv python3 may come first in PATH)

[[ -x "$bin" ]] || {
    echo "ERROR: $bin not found: build first (deploy/build.sh) or set RPC_BENCH_BIN" >&2
    exit 1
}
"$python" -c 'import pika' 2>/dev/null || {
    echo "ERROR: $python cannot import pika: install python3-pika (deploy/install-deps.sh)" >&2
    exit 1
}

# Only the ports of the broker come from the environment; infra.sh derives the others from them.
mgmt="${CAMBIO_TEST_MGMT_PORT:-$((port + 10000))}" dist="${CAMBIO_TEST_DIST_PORT:-$((port + 20000))}"
epmd="${CAMBIO_TEST_EPMD_PORT:-$((port - 1300))}"

stop_broker() { bash "$infra" stop-rabbit "$state" >&2 || true; }
trap stop_broker EXIT
bash "$infra" start-rabbit "$state" "$port" "$mgmt" "$dist" "$epmd" >&2
url="$(sed -n 's/^CAMBIO_TEST_AMQP_URL=//p' "$state/rabbit.env")"

echo "rpc_bench: broker $url, $(nproc) cores, binary $bin" >&2
"$bin" --url "$url" --pika-script "$here/pika_rpc.py" --python "$python" "$@"
