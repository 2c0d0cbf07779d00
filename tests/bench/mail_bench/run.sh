#!/usr/bin/env bash
# tests/bench/mail_bench/run.sh [mail_bench args...] — run by `deploy/bench.sh mail_bench`.
#
# Starts the test infrastructure (PostgreSQL, RabbitMQ, an SMTP sink; tests/bench/common/with_infra.sh)
# under the bench's scratch dir, plus a second SMTP sink (deploy/smtp_sink.py) whose Maildir lies in
# memory (/dev/shm), which the bench sends to: the sink fsyncs every mail, and on a slow disk both
# modes would measure the disk instead of the mail path. The binary itself starts the third sink,
# the one that requires STARTTLS + AUTH (its certificate made with openssl, its Maildir in /dev/shm
# too). Runs the binary (see main.cpp), stops everything. The last line is
# `BENCH mail_bench key=value ...`. Extra arguments go to the binary (e.g. --mails 5000 --rounds 3).
#
# Environment (deploy/bench.sh sets the CAMBIO_* ones; all have defaults for a direct run):
#   CAMBIO_ROOT            the repository (default: this script's ../../..)
#   MAIL_BENCH_BIN         the binary (default $CAMBIO_BIN/mail_bench, $CAMBIO_ROOT/build/bin/mail_bench)
#   CAMBIO_BENCH_DIR       scratch state (default $CAMBIO_ROOT/var/bench/mail_bench)
#   CAMBIO_TEST_*_PORT     the infrastructure's ports (infra.sh's defaults otherwise)
#   MAIL_BENCH_SINK_PORT   the in-memory sink's port (default CAMBIO_TEST_SMTP_PORT + 1)
#   MAIL_BENCH_MAILDIR     where the in-memory sink writes (default a fresh folder in /dev/shm;
#                          set it to a disk folder to include the disk)
set -euo pipefail

CAMBIO_ROOT="${CAMBIO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
bin="${MAIL_BENCH_BIN:-${CAMBIO_BIN:-$CAMBIO_ROOT/build/bin}/mail_bench}"
python=/usr/bin/python3 # Debian's, with python3-aiosmtpd
# The binary starts db-proxy and the mailer from the same bin/ directory.
export CAMBIO_BIN="${CAMBIO_BIN:-$(dirname "$bin")}"

mem_root="$(mktemp -d "${TMPDIR:-/tmp}/mail_bench.XXXXXX")"
if [[ -z "${MAIL_BENCH_MAILDIR:-}" && -d /dev/shm && -w /dev/shm ]]; then
    rmdir "$mem_root"
    mem_root="$(mktemp -d /dev/shm/mail_bench.XXXXXX)"
fi
maildir="${MAIL_BENCH_MAILDIR:-$mem_root/mail}"
smtp_port="${MAIL_BENCH_SINK_PORT:-$((${CAMBIO_TEST_SMTP_PORT:-2535} + 1))}"
sink_pid=""

cleanup() {
    [[ -z "$sink_pid" ]] || { kill "$sink_pid" 2>/dev/null; wait "$sink_pid" 2>/dev/null || true; }
    rm -rf "$mem_root"
}
trap cleanup EXIT

# Never send the benchmark's mail to somebody else's server.
if (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; then
    echo "ERROR: port $smtp_port is taken: set MAIL_BENCH_SINK_PORT" >&2
    exit 1
fi
"$python" "$CAMBIO_ROOT/deploy/smtp_sink.py" --port "$smtp_port" --maildir "$maildir" >/dev/null 2>&1 &
sink_pid=$!
started=""
for _ in $(seq 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; then
        started=1
        break
    fi
    sleep 0.1
done
[[ -n "$started" ]] || {
    echo "ERROR: the in-memory SMTP sink did not start on port $smtp_port" >&2
    exit 1
}

echo "mail_bench: sink on port $smtp_port writing to $maildir" >&2
bash "$CAMBIO_ROOT/tests/bench/common/with_infra.sh" "$bin" \
    --smtp-port "$smtp_port" --maildir "$maildir" "$@"
