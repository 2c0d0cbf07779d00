#!/usr/bin/env bash
# tests/bench/common/with_infra.sh <binary> [args...] — runs a benchmark binary that needs the whole
# private infrastructure (PostgreSQL, RabbitMQ, SMTP sink): starts it with tests/infra/infra.sh
# under $CAMBIO_BENCH_DIR/infra on the CAMBIO_TEST_*_PORT ports (deploy/bench.sh sets bench ports),
# points the binary at it through CAMBIO_TEST_INFRA_ENV, and stops it whatever happens.
set -euo pipefail

CAMBIO_ROOT="${CAMBIO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
infra="$CAMBIO_ROOT/tests/infra/infra.sh"
state="${CAMBIO_BENCH_DIR:-$CAMBIO_ROOT/var/bench/$(basename "$1")}/infra"
bin="$1"
shift

[[ -x "$bin" ]] || {
    echo "ERROR: $bin not found: build first (deploy/build.sh)" >&2
    exit 1
}

stop_infra() { bash "$infra" stop "$state" >&2 || true; }
trap stop_infra EXIT
bash "$infra" start "$state" >&2
export CAMBIO_TEST_INFRA_ENV="$state/infra.env"
echo "$(basename "$bin"): $(nproc) cores, infrastructure under $state" >&2
"$bin" "$@"
