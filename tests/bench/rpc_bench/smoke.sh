#!/usr/bin/env bash
# smoke.sh <rpc_bench> [args...] — the CTest smoke run of rpc_bench: passes if the bench exits 0 and
# its last line is a BENCH line with every mode and both ratios at 1 and 64 calls in flight.
set -euo pipefail

out="$("$@")"
printf '%s\n' "$out"
last="$(tail -n 1 <<<"$out")"
[[ "$last" == "BENCH rpc_bench "* ]] || {
    echo "smoke: the last line is not 'BENCH rpc_bench ...'" >&2
    exit 1
}
for key in raw_1_cps rmqrpc_1_cps pika_1_cps raw_64_cps rmqrpc_64_cps pika_64_cps \
    ratio_raw_1 ratio_pika_1 ratio_raw_64 ratio_pika_64; do
    [[ " $last " == *" $key="* ]] || {
        echo "smoke: the BENCH line lacks $key" >&2
        exit 1
    }
done
