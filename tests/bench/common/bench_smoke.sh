#!/usr/bin/env bash
# tests/bench/common/bench_smoke.sh <name> "<key> <key>..." <command> [args...] — the CTest smoke run
# of a benchmark: passes if the command exits 0 and its last line is `BENCH <name> ...` holding every
# key. It keeps benchmarks from rotting; it does not judge their figures.
set -euo pipefail

name="$1" keys="$2"
shift 2
out="$("$@")"
printf '%s\n' "$out"
last="$(tail -n 1 <<<"$out")"
[[ "$last" == "BENCH $name "* ]] || {
    echo "smoke: the last line is not 'BENCH $name ...'" >&2
    exit 1
}
for key in $keys; do
    [[ " $last " == *" $key="* ]] || {
        echo "smoke: the BENCH line lacks $key" >&2
        exit 1
    }
done
