#!/usr/bin/env bash
# tests/infra/infra.sh — private PostgreSQL + RabbitMQ + SMTP sink for tests and benches.
#
#   infra.sh start <state-dir>     fresh infra under <state-dir> (anything left there by a
#                                  crashed run is stopped and wiped first); writes
#                                  <state-dir>/infra.env
#   infra.sh stop <state-dir>      stop everything started there and delete <state-dir>
#   infra.sh status <state-dir>    what runs
#
#   Extra, separate brokers (fault tests, benches):
#   infra.sh start-rabbit <dir> <amqp-port> [<mgmt-port> <dist-port> <epmd-port>]
#                                  start (or restart, keeping its data) a broker in <dir>;
#                                  writes <dir>/rabbit.env. Defaults: mgmt = amqp+10000,
#                                  dist = amqp+20000, epmd = amqp-1300.
#   infra.sh stop-rabbit <dir> [--keep]   graceful stop; deletes <dir> unless --keep
#   infra.sh kill-rabbit <dir>     kill -9 the broker's VM (data kept; start-rabbit again restarts it)
#
# Ports of `start` (override with env): CAMBIO_TEST_AMQP_PORT=5692 CAMBIO_TEST_MGMT_PORT=15692
# CAMBIO_TEST_DIST_PORT=25692 CAMBIO_TEST_EPMD_PORT=4392 CAMBIO_TEST_PG_PORT=5452
# CAMBIO_TEST_SMTP_PORT=2535.
#
# infra.env / rabbit.env hold plain KEY=VALUE lines (no quotes, no export):
#   CAMBIO_TEST_AMQP_URL   amqp://guest:guest@127.0.0.1:PORT   (default vhost "/")
#   CAMBIO_TEST_MGMT_URL   http://guest:guest@127.0.0.1:MGMTPORT
#   CAMBIO_TEST_RABBIT_NODE, CAMBIO_TEST_RABBITMQCTL (a script: `$CAMBIO_TEST_RABBITMQCTL list_queues`)
#   CAMBIO_TEST_AMQP_PORT, CAMBIO_TEST_MGMT_PORT
#   infra.env also: CAMBIO_TEST_PG_URL (postgresql://cambio@127.0.0.1:PGPORT/postgres, superuser,
#   trust auth), CAMBIO_TEST_PG_PORT, CAMBIO_TEST_SMTP_PORT, CAMBIO_TEST_MAIL_DIR (Maildir:
#   messages appear in $CAMBIO_TEST_MAIL_DIR/new), CAMBIO_TEST_STATE_DIR, CAMBIO_TEST_INFRA (this script).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../../deploy/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../../deploy" && pwd)/lib.sh"

INFRA_SH="$CAMBIO_ROOT/tests/infra/infra.sh"

usage() {
    sed -n '2,/^set -euo/p' "$INFRA_SH" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

# Test PostgreSQL trades durability for speed: the data is thrown away after the run.
TEST_PG_SETTINGS=(fsync=off synchronous_commit=off full_page_writes=off max_connections=300)

# stop_all <state>: stop whatever a (possibly crashed) run left in <state>, before wiping it.
# The data is thrown away, so the broker is killed rather than shut down (saves ~6 s a run).
stop_all() {
    local state="$1"
    stop_smtp_sink "$state"
    kill_rabbitmq "$state" >/dev/null
    stop_rabbitmq "$state" # nothing left to stop; removes the pid file and our private epmd
    stop_postgres "$state"
}

# rabbit_env <state>: print the broker's KEY=VALUE lines.
rabbit_env() {
    local state="$1"
    # shellcheck disable=SC1091
    source "$state/rabbitmq/instance.env"
    cat <<EOF
CAMBIO_TEST_AMQP_URL=amqp://guest:guest@127.0.0.1:$RMQ_AMQP_PORT
CAMBIO_TEST_AMQP_PORT=$RMQ_AMQP_PORT
CAMBIO_TEST_MGMT_URL=http://guest:guest@127.0.0.1:$RMQ_MGMT_PORT
CAMBIO_TEST_MGMT_PORT=$RMQ_MGMT_PORT
CAMBIO_TEST_RABBIT_NODE=$RMQ_NODE
CAMBIO_TEST_RABBITMQCTL=$(rabbitmqctl_path "$state")
EOF
}

# Absolute path of a state dir argument (created). Refuses paths it must never wipe.
state_arg() {
    [[ -n "${1:-}" ]] || usage
    mkdir -p "$1"
    local dir
    dir="$(realpath "$1")"
    case "$dir" in
        / | "$CAMBIO_ROOT" | "$HOME" | /root | /home | /tmp | /var | /var/tmp | /usr | /etc)
            die "refusing to use $dir as a state dir (it is wiped on start/stop)" ;;
    esac
    printf '%s' "$dir"
}

cmd_start() {
    local state
    state="$(state_arg "${1:-}")"
    local amqp="${CAMBIO_TEST_AMQP_PORT:-5692}" mgmt="${CAMBIO_TEST_MGMT_PORT:-15692}"
    local dist="${CAMBIO_TEST_DIST_PORT:-25692}" epmd="${CAMBIO_TEST_EPMD_PORT:-4392}"
    local pg="${CAMBIO_TEST_PG_PORT:-5452}" smtp="${CAMBIO_TEST_SMTP_PORT:-2535}"

    # A previous run that crashed may have left processes and data: stop them, start clean.
    stop_all "$state"
    remove_postgres "$state"
    find "$state" -mindepth 1 -delete

    start_postgres "$state" "$pg" "${TEST_PG_SETTINGS[@]}"
    start_rabbitmq "$state" "cambio-test-$amqp@localhost" "$amqp" "$dist" "$mgmt" "$epmd"
    start_smtp_sink "$state" "$smtp"

    {
        rabbit_env "$state"
        cat <<EOF
CAMBIO_TEST_PG_URL=postgresql://cambio@127.0.0.1:$pg/postgres
CAMBIO_TEST_PG_PORT=$pg
CAMBIO_TEST_SMTP_PORT=$smtp
CAMBIO_TEST_MAIL_DIR=$state/mail
CAMBIO_TEST_STATE_DIR=$state
CAMBIO_TEST_INFRA=$INFRA_SH
EOF
    } >"$state/infra.env.tmp"
    mv "$state/infra.env.tmp" "$state/infra.env"
    log_info "test infrastructure up; settings in $state/infra.env"
}

cmd_stop() {
    [[ -n "${1:-}" ]] || usage
    [[ -d "$1" ]] || {
        log_info "$1 does not exist; nothing to stop"
        return 0
    }
    local state
    state="$(state_arg "$1")"
    stop_all "$state"
    remove_postgres "$state"
    rm -rf "$state"
    log_info "test infrastructure stopped, $state removed"
}

cmd_status() {
    local state="${1:?state dir}" pid
    pid="$(postgres_pid "$state")" && echo "postgres   running (pid $pid)" || echo "postgres   stopped"
    pid="$(rabbitmq_pid "$state")" && echo "rabbitmq   running (pid $pid)" || echo "rabbitmq   stopped"
    pid="$(smtp_sink_pid "$state")" && echo "smtp-sink  running (pid $pid)" || echo "smtp-sink  stopped"
}

cmd_start_rabbit() {
    local state amqp="${2:-}"
    state="$(state_arg "${1:-}")"
    [[ "$amqp" =~ ^[0-9]+$ ]] || usage
    local mgmt="${3:-$((amqp + 10000))}" dist="${4:-$((amqp + 20000))}" epmd="${5:-$((amqp - 1300))}"
    start_rabbitmq "$state" "cambio-test-$amqp@localhost" "$amqp" "$dist" "$mgmt" "$epmd"
    rabbit_env "$state" >"$state/rabbit.env.tmp"
    mv "$state/rabbit.env.tmp" "$state/rabbit.env"
}

cmd_stop_rabbit() {
    [[ -n "${1:-}" ]] || usage
    [[ -d "$1" ]] || return 0
    local state
    state="$(state_arg "$1")"
    stop_rabbitmq "$state"
    [[ "${2:-}" == --keep ]] || rm -rf "$state"
}

cmd_kill_rabbit() {
    [[ -n "${1:-}" && -d "$1" ]] || usage
    kill_rabbitmq "$(realpath "$1")"
}

case "${1:-}" in
    start) cmd_start "${@:2}" ;;
    stop) cmd_stop "${@:2}" ;;
    status) cmd_status "${@:2}" ;;
    start-rabbit) cmd_start_rabbit "${@:2}" ;;
    stop-rabbit) cmd_stop_rabbit "${@:2}" ;;
    kill-rabbit) cmd_kill_rabbit "${@:2}" ;;
    *) usage ;;
esac
