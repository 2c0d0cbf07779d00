#!/usr/bin/env bash
# deploy/bench.sh — list or run the benchmarks of tests/bench/.
#
#   deploy/bench.sh                 list the benchmarks (directories of tests/bench/ with a run.sh)
#   deploy/bench.sh <name> [args]   build (preset dev), then run tests/bench/<name>/run.sh [args]
#                                   (or, if there is no such script, the built binary bin/<name>)
#
# The run.sh starts what it needs with tests/infra/infra.sh and ends with one line
# `BENCH <name> key=value ...`. It gets in its environment:
#   CAMBIO_ROOT       the repository root
#   CAMBIO_BUILD_DIR  the build tree (build/), CAMBIO_BIN its bin/ directory
#   CAMBIO_INFRA      tests/infra/infra.sh
#   CAMBIO_BENCH_DIR  a scratch directory for state (<build>/bench/<name>), created empty
#   CAMBIO_TEST_*_PORT  benchmark ports, offset from the test ports so a bench can run beside
#                     ctest: AMQP 5792, mgmt 15792, dist 25792, epmd 4492, PG 5552, SMTP 2635
#                     (already-set values are kept)
# Set CAMBIO_SKIP_BUILD=1 to skip the build.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PRESET="${CAMBIO_PRESET:-dev}"
BENCH_ROOT="$CAMBIO_ROOT/tests/bench"

list_benches() {
    local run
    for run in "$BENCH_ROOT"/*/run.sh; do
        [[ -f "$run" ]] && basename "$(dirname "$run")"
    done
    return 0
}

if (($# == 0)); then
    benches="$(list_benches)"
    if [[ -z "$benches" ]]; then
        log_info "no benchmarks yet (expected tests/bench/<name>/run.sh)"
    else
        echo "Benchmarks (run one with: deploy/bench.sh <name>):"
        while read -r bench; do echo "  $bench"; done <<<"$benches"
    fi
    # Directories without a run.sh cannot start their own infrastructure: point them out.
    for dir in "$BENCH_ROOT"/*/; do
        [[ -d "$dir" && ! -f "$dir/run.sh" ]] && log_info "note: tests/bench/$(basename "$dir") has no run.sh"
    done
    exit 0
fi

name="$1"
shift
case "$name" in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
[[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad benchmark name: $name"

build_dir="$(preset_binary_dir "$PRESET")"
if [[ -z "${CAMBIO_SKIP_BUILD:-}" ]]; then
    CAMBIO_PRESET="$PRESET" "$CAMBIO_ROOT/deploy/build.sh"
fi

runner="$BENCH_ROOT/$name/run.sh"
if [[ ! -f "$runner" ]]; then
    runner="$build_dir/bin/$name"
    [[ -x "$runner" ]] || die "no benchmark '$name'. Available: $(list_benches | tr '\n' ' ')"
fi

export CAMBIO_ROOT CAMBIO_BUILD_DIR="$build_dir" CAMBIO_BIN="$build_dir/bin"
export CAMBIO_INFRA="$CAMBIO_ROOT/tests/infra/infra.sh"
export CAMBIO_BENCH_DIR="$build_dir/bench/$name"
export CAMBIO_TEST_AMQP_PORT="${CAMBIO_TEST_AMQP_PORT:-5792}" CAMBIO_TEST_MGMT_PORT="${CAMBIO_TEST_MGMT_PORT:-15792}"
export CAMBIO_TEST_DIST_PORT="${CAMBIO_TEST_DIST_PORT:-25792}" CAMBIO_TEST_EPMD_PORT="${CAMBIO_TEST_EPMD_PORT:-4492}"
export CAMBIO_TEST_PG_PORT="${CAMBIO_TEST_PG_PORT:-5552}" CAMBIO_TEST_SMTP_PORT="${CAMBIO_TEST_SMTP_PORT:-2635}"
rm -rf "$CAMBIO_BENCH_DIR"
mkdir -p "$CAMBIO_BENCH_DIR"

section "Benchmark $name ($runner)"
cd "$CAMBIO_ROOT"
if [[ "$runner" == *.sh ]]; then
    exec bash "$runner" "$@"
fi
exec "$runner" "$@"
