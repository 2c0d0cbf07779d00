#!/usr/bin/env bash
# tests/bench/alert_bench/run.sh [args...] — run by `deploy/bench.sh alert_bench`: starts the private
# infrastructure, runs the alert_bench binary (see main.cpp for its arguments), stops it.
set -euo pipefail
CAMBIO_ROOT="${CAMBIO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
exec bash "$CAMBIO_ROOT/tests/bench/common/with_infra.sh" \
    "${CAMBIO_BIN:-$CAMBIO_ROOT/build/bin}/alert_bench" "$@"
