#!/usr/bin/env bash
# deploy/up.sh — "run it": the whole Cambio stack on this machine, state under var/.
#
#   deploy/up.sh            install missing packages, build, start everything, follow the service
#                           logs; Ctrl-C (or SIGTERM) stops it all cleanly
#   deploy/up.sh -d         same, but return once every service is healthy and leave it running
#   deploy/up.sh stop       stop everything (services first, then RabbitMQ, PostgreSQL, SMTP sink)
#   deploy/up.sh status     each process (running/pid) and each service's /healthz; exit 0 only
#                           if all are running and healthy
#   deploy/up.sh restart    rebuild and restart only the five services (infrastructure stays up)
#
# If the whole stack is already running, `deploy/up.sh [-d]` says so and exits 0 (use `restart`
# to pick up a new build). Processes that are missing are started; data in var/ is always kept.
#
# Ports (override with env): CAMBIO_AMQP_PORT=5682 CAMBIO_DIST_PORT=25682 CAMBIO_MGMT_PORT=15682
# CAMBIO_EPMD_PORT=4379 CAMBIO_PG_PORT=5442 CAMBIO_SMTP_PORT=2525 CAMBIO_HTTP_PORT=8080,
# admin ports CAMBIO_<SERVICE>_ADMIN_PORT (frontend 9101, db-proxy 9102, rates-ingestor 9103,
# alert-evaluator 9104, mailer 9105).
# Other knobs: CAMBIO_PRESET (dev), CAMBIO_BIN_DIR (default <build>/bin), CAMBIO_SKIP_DEPS=1,
# CAMBIO_SKIP_BUILD=1, CAMBIO_STATE_DIR (var/), CAMBIO_HEALTH_TIMEOUT (60 s), CAMBIO_LOG_FORMAT (text), CAMBIO_LOG_LEVEL (info).
# Any other CAMBIO_* variable in the environment reaches the services unchanged.
# Rates: CAMBIO_RATES_PROVIDER chooses the provider; unset and without internet, the stack runs on
# offline data (the ECB history file, the fake exchange on CAMBIO_FAKE_EXCHANGE_PORT=8099); the
# choice is kept in <state>/rates.env.
# Secrets: the frontend's CAMBIO_SECRET_KEY (signs CSRF and API tokens) comes from the environment,
# else from <state>/secret.env, generated (random, mode 600) on the first start and kept.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE="${CAMBIO_STATE_DIR:-$CAMBIO_ROOT/var}"  # another folder runs a second, separate stack
PRESET="${CAMBIO_PRESET:-dev}"
BIN_DIR="${CAMBIO_BIN_DIR:-$(preset_binary_dir "$PRESET")/bin}"

AMQP_PORT="${CAMBIO_AMQP_PORT:-5682}"
DIST_PORT="${CAMBIO_DIST_PORT:-25682}"
MGMT_PORT="${CAMBIO_MGMT_PORT:-15682}"
EPMD_PORT="${CAMBIO_EPMD_PORT:-4379}"
PG_PORT="${CAMBIO_PG_PORT:-5442}"
SMTP_PORT="${CAMBIO_SMTP_PORT:-2525}"
HTTP_PORT="${CAMBIO_HTTP_PORT:-8080}"
HEALTH_TIMEOUT="${CAMBIO_HEALTH_TIMEOUT:-60}"

RABBIT_NODE="cambio-$AMQP_PORT@localhost"  # one node per stack: two stacks can run side by side
VHOST="cambio"
DATABASE="cambio"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

# ----------------------------------------------------------------------------
# Settings
# ----------------------------------------------------------------------------

admin_url() { printf 'http://127.0.0.1:%s' "$(service_admin_port "$1")"; }

# var/stack.env: what the services, cambioctl and a curious developer need (sourceable by bash).
write_stack_env() {
    local name urls=()
    for name in "${CAMBIO_SERVICES[@]}"; do urls+=("$name=$(admin_url "$name")"); done
    cat >"$STATE/stack.env.tmp" <<EOF
CAMBIO_AMQP_URL=amqp://guest:guest@127.0.0.1:$AMQP_PORT/$VHOST
CAMBIO_PG_URL=postgresql://cambio@127.0.0.1:$PG_PORT/$DATABASE
CAMBIO_HTTP_URL=http://127.0.0.1:$HTTP_PORT
CAMBIO_MGMT_URL=http://guest:guest@127.0.0.1:$MGMT_PORT
CAMBIO_SMTP_URL=smtp://127.0.0.1:$SMTP_PORT
CAMBIO_MAIL_DIR=$STATE/mail
CAMBIO_ADMIN_URLS="${urls[*]}"
CAMBIO_LOG_DIR=$STATE/log
CAMBIO_RABBIT_NODE=$RABBIT_NODE
CAMBIO_RABBITMQCTL=$(rabbitmqctl_path "$STATE")
EOF
    mv "$STATE/stack.env.tmp" "$STATE/stack.env"
}

# <state>/secret.env: the frontend's CAMBIO_SECRET_KEY, made once and kept (sessions and tokens stay
# valid across restarts).
ensure_secret_env() {
    [[ -s "$STATE/secret.env" ]] && return 0
    (umask 077 && printf 'CAMBIO_SECRET_KEY=%s\n' \
        "$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" >"$STATE/secret.env.tmp")
    mv "$STATE/secret.env.tmp" "$STATE/secret.env"
}

# Start one service with its part of the settings contract (in a subshell: exports stay local).
launch_service() {
    local name="$1"
    (
        # shellcheck disable=SC1091
        source "$STATE/stack.env"
        export CAMBIO_AMQP_URL CAMBIO_MGMT_URL CAMBIO_SMTP_URL
        export CAMBIO_ADMIN_HOST=127.0.0.1 CAMBIO_ADMIN_PORT
        CAMBIO_ADMIN_PORT="$(service_admin_port "$name")"
        export CAMBIO_HTTP_HOST="${CAMBIO_HTTP_HOST:-127.0.0.1}" CAMBIO_HTTP_PORT="$HTTP_PORT"
        export CAMBIO_LOG_FORMAT="${CAMBIO_LOG_FORMAT:-text}" CAMBIO_LOG_LEVEL="${CAMBIO_LOG_LEVEL:-info}"
        if [[ "$name" == rates-ingestor ]]; then set -a; source "$STATE/rates.env"; set +a; fi
        if [[ "$name" == frontend && -z "${CAMBIO_SECRET_KEY:-}" ]]; then
            ensure_secret_env
            set -a; source "$STATE/secret.env"; set +a
        fi
        # Only db-proxy talks to PostgreSQL.
        if [[ "$name" == db-proxy ]]; then export CAMBIO_PG_URL; else unset CAMBIO_PG_URL; fi
        start_service "$STATE" "$BIN_DIR" "$name"
    )
}

# ----------------------------------------------------------------------------
# Start / stop
# ----------------------------------------------------------------------------

# ----------------------------------------------------------------------------
# Where rates come from. The services never fall back on their own: this script decides. When the
# default provider (Frankfurter) cannot be reached and no provider was chosen, the stack runs on
# offline data: the ECB history file beside the repository and the fake exchange of the tests for
# BTC, labelled "offline data" in the UI and the logs (CAMBIO_OFFLINE_DATA=true).
# ----------------------------------------------------------------------------

# The ECB history lies beside the repository (never in it); /work/shared is where it is on our
# machines when the repository is cloned elsewhere.
ecb_csv_default() {
    local path
    for path in "$CAMBIO_ROOT/../shared/data/ecb/eurofxref-hist.csv" /work/shared/data/ecb/eurofxref-hist.csv; do
        [[ -r "$path" ]] && { printf '%s\n' "$path"; return 0; }
    done
    printf '%s\n' "$CAMBIO_ROOT/../shared/data/ecb/eurofxref-hist.csv"
}
FAKE_EXCHANGE_PORT="${CAMBIO_FAKE_EXCHANGE_PORT:-8099}"

reachable() { curl -fsS -o /dev/null -m 5 "$1" 2>/dev/null; }

# Prints the rates settings of this stack (KEY=VALUE lines).
choose_rates_source() {
    if [[ -n "${CAMBIO_RATES_PROVIDER:-}" ]]; then
        printf 'CAMBIO_RATES_PROVIDER=%s\n' "$CAMBIO_RATES_PROVIDER"
        return 0
    fi
    if reachable "${CAMBIO_FRANKFURTER_URL:-https://api.frankfurter.app}/latest"; then
        printf 'CAMBIO_RATES_PROVIDER=frankfurter\n'
        reachable "${CAMBIO_BTC_REST_URL:-https://api.binance.com}/api/v3/ping" && return 0
    else
        local csv="${CAMBIO_ECB_CSV:-$(ecb_csv_default)}"
        [[ -r "$csv" ]] || die "Frankfurter cannot be reached and there is no ECB history file at $csv: set CAMBIO_ECB_CSV or CAMBIO_RATES_PROVIDER"
        printf 'CAMBIO_RATES_PROVIDER=ecb-csv\nCAMBIO_ECB_CSV=%s\n' "$(cd "$(dirname "$csv")" && pwd)/$(basename "$csv")"
    fi
    printf 'CAMBIO_OFFLINE_DATA=true\n'
    printf 'CAMBIO_BTC_REST_URL=http://127.0.0.1:%s\n' "$FAKE_EXCHANGE_PORT"
    printf 'CAMBIO_BTC_WS_URL=ws://127.0.0.1:%s/ws/btcusdt@trade\n' "$FAKE_EXCHANGE_PORT"
}

infra_running() {
    postgres_pid "$STATE" >/dev/null && rabbitmq_pid "$STATE" >/dev/null && smtp_sink_pid "$STATE" >/dev/null
}

all_running() {
    local name
    infra_running || return 1
    for name in "${CAMBIO_SERVICES[@]}"; do
        service_pid "$STATE" "$name" >/dev/null || return 1
    done
}

start_infra() {
    section "Infrastructure (state in $STATE)"
    mkdir -p "$STATE"
    start_postgres "$STATE" "$PG_PORT"
    pg_ensure_database "$PG_PORT" "$DATABASE"

    start_rabbitmq "$STATE" "$RABBIT_NODE" "$AMQP_PORT" "$DIST_PORT" "$MGMT_PORT" "$EPMD_PORT"
    local ctl
    ctl="$(rabbitmqctl_path "$STATE")"
    if ! "$ctl" list_vhosts -q --no-table-headers | grep -qx "$VHOST"; then
        "$ctl" add_vhost "$VHOST" >/dev/null
    fi
    "$ctl" set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null

    start_smtp_sink "$STATE" "$SMTP_PORT"
    if [[ ! -s "$STATE/rates.env" ]]; then choose_rates_source >"$STATE/rates.env"; fi
    if grep -q '^CAMBIO_OFFLINE_DATA=true' "$STATE/rates.env"; then
        log_warn "no internet: OFFLINE DATA (rates: $(grep -o 'ecb-csv\|frankfurter' "$STATE/rates.env" | head -1), BTC: the fake exchange); settings in $STATE/rates.env"
        start_fake_exchange "$STATE" "$BIN_DIR" "$FAKE_EXCHANGE_PORT"
    fi
    write_stack_env
}

start_services() {
    section "Services (binaries from $BIN_DIR)"
    local name
    for name in "${CAMBIO_SERVICES[@]}"; do
        [[ -x "$BIN_DIR/$name" ]] || die "$BIN_DIR/$name is missing: did the build succeed?"
    done
    # db-proxy first: it migrates the schema the others rely on.
    launch_service db-proxy
    wait_service_healthy "$STATE" db-proxy db-proxy "$(admin_url db-proxy)" "$HEALTH_TIMEOUT"
    for name in "${CAMBIO_SERVICES[@]:1}"; do launch_service "$name"; done
    for name in "${CAMBIO_SERVICES[@]:1}"; do
        wait_service_healthy "$STATE" "$name" "$name" "$(admin_url "$name")" "$HEALTH_TIMEOUT"
    done
    log_info "all services healthy"
}

# SIGTERM to every service (they drain in-flight work), db-proxy last since the others call it.
stop_services() {
    local name pids=()
    for name in "${CAMBIO_SERVICES[@]:1}"; do
        stop_service "$STATE" "$name" &
        pids+=($!)
    done
    ((${#pids[@]} == 0)) || wait "${pids[@]}" || true
    stop_service "$STATE" db-proxy
}

stop_stack() {
    section "Stopping Cambio"
    stop_services
    stop_rabbitmq "$STATE"
    stop_postgres "$STATE"
    stop_smtp_sink "$STATE"
    stop_fake_exchange "$STATE"
    log_info "stopped (data kept in $STATE)"
}

build_if_wanted() {
    if [[ -z "${CAMBIO_SKIP_DEPS:-}" ]]; then
        section "Dependencies"
        "$CAMBIO_ROOT/deploy/install-deps.sh"
    fi
    if [[ -z "${CAMBIO_SKIP_BUILD:-}" ]]; then
        CAMBIO_PRESET="$PRESET" "$CAMBIO_ROOT/deploy/build.sh"
    fi
}

# print_banner [<extra line>]
print_banner() {
    # shellcheck disable=SC1091
    source "$STATE/stack.env"
    local extra="${1:+$'\n'"  $1"}"
    cat <<EOF

Cambio is running.
  Web app          $CAMBIO_HTTP_URL
  RabbitMQ UI      http://127.0.0.1:$MGMT_PORT   (user guest, password guest; vhost "$VHOST")
  Mail             every message lands as a file in $CAMBIO_MAIL_DIR/new/  (cambioctl mail list)
  PostgreSQL       $CAMBIO_PG_URL   (psql "$CAMBIO_PG_URL")
  Service admin    ${CAMBIO_ADMIN_URLS// /$'\n                   '}
  Rates            $(tr '\n' ' ' <"$STATE/rates.env")  ($STATE/rates.env; delete it to choose again)
  Logs             $STATE/log/<name>.log
  Settings         $STATE/stack.env   (set -a; . var/stack.env; set +a; $BIN_DIR/cambioctl ...)
  Status / stop    deploy/up.sh status  |  deploy/up.sh stop$extra
EOF
}

# ----------------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------------

cmd_up() {
    local detach="$1"
    if all_running; then
        log_info "Cambio is already running (deploy/up.sh status | stop | restart)."
        print_banner
        return 0
    fi
    build_if_wanted

    # From here on, a failure (or Ctrl-C during start-up) stops what was started.
    trap abort_startup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start_infra
    start_services
    trap - EXIT INT TERM

    if [[ "$detach" == 1 ]]; then
        print_banner
        return 0
    fi
    print_banner "Following the service logs; Ctrl-C stops everything."
    follow_logs
}

# EXIT trap during start-up: on failure, stop whatever was started.
abort_startup() {
    local rc=$?
    trap - EXIT
    if ((rc != 0)); then
        log_warn "start-up failed; stopping"
        stop_stack
    fi
    exit "$rc"
}

# Foreground: tail the service logs until Ctrl-C/SIGTERM, then stop the stack.
follow_logs() {
    local logs=() name tail_pid
    for name in "${CAMBIO_SERVICES[@]}"; do logs+=("$STATE/log/$name.log"); done
    tail -n 0 -F "${logs[@]}" &
    tail_pid=$!
    # Keep tailing while the services drain, so their shutdown lines show.
    trap 'stop_stack; kill "$tail_pid" 2>/dev/null; exit 0' INT TERM HUP

    local -A reported=()
    while :; do
        sleep 2 &
        wait $! || true
        if ! postgres_pid "$STATE" >/dev/null && ! rabbitmq_pid "$STATE" >/dev/null; then
            log_info "the stack was stopped from elsewhere (deploy/up.sh stop?); exiting"
            stop_stack
            kill "$tail_pid" 2>/dev/null
            exit 0
        fi
        for name in "${CAMBIO_SERVICES[@]}"; do
            if service_pid "$STATE" "$name" >/dev/null; then
                unset "reported[$name]"
            elif [[ -z "${reported[$name]:-}" ]]; then
                reported[$name]=1
                log_warn "$name is not running any more (see $STATE/log/$name.log)"
            fi
        done
    done
}

cmd_restart() {
    infra_running || die "the infrastructure is not running: use deploy/up.sh [-d]"
    build_if_wanted
    section "Restarting services"
    stop_services
    write_stack_env
    start_services
    print_banner
}

cmd_stop() {
    stop_stack
}

cmd_status() {
    local ok=0 pid name code url
    row() { printf '  %-16s %-9s %-8s %s\n' "$@"; }
    printf '  %-16s %-9s %-8s %s\n' PROCESS STATE PID DETAIL
    if pid="$(postgres_pid "$STATE")"; then
        row postgres running "$pid" "127.0.0.1:$(sed -n 4p "$STATE/pg/data/postmaster.pid")"
    else
        row postgres stopped - ""
        ok=1
    fi
    if pid="$(rabbitmq_pid "$STATE")"; then
        row rabbitmq running "$pid" "node $RABBIT_NODE"
    else
        row rabbitmq stopped - ""
        ok=1
    fi
    if pid="$(smtp_sink_pid "$STATE")"; then
        row smtp-sink running "$pid" "mail in $STATE/mail/new ($(find "$STATE/mail/new" -type f 2>/dev/null | wc -l) messages)"
    else
        row smtp-sink stopped - ""
        ok=1
    fi
    # Admin URLs as written at start (ports may have been overridden then).
    local -A written_urls=()
    if [[ -f "$STATE/stack.env" ]]; then
        local entry
        # shellcheck disable=SC2013 # one line, space-separated words
        for entry in $(sed -n 's/^CAMBIO_ADMIN_URLS="\(.*\)"$/\1/p' "$STATE/stack.env"); do
            written_urls[${entry%%=*}]="${entry#*=}"
        done
    fi
    for name in "${CAMBIO_SERVICES[@]}"; do
        url="${written_urls[$name]:-$(admin_url "$name")}"
        if pid="$(service_pid "$STATE" "$name")"; then
            code="$(http_status "$url/healthz")"
            row "$name" running "$pid" "$url/healthz -> HTTP $code"
            [[ "$code" == 200 ]] || ok=1
        else
            row "$name" stopped - ""
            ok=1
        fi
    done
    return "$ok"
}

case "${1:-}" in
    "") cmd_up 0 ;;
    -d | --detach) cmd_up 1 ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    restart) cmd_restart ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
