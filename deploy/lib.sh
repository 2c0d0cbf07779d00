# shellcheck shell=bash
# deploy/lib.sh — functions shared by deploy/*.sh, tests/infra/infra.sh and benches.
#
# Source it; do not run it. The caller sets `set -euo pipefail`.
#
# Every long-running process is started under a *state directory* with one layout,
# whoever starts it (deploy/up.sh uses var/, the tests use build/test-infra/):
#
#   <state>/pg/            PostgreSQL root, owned by the postgres user
#          pg/data/        the cluster (initdb'd once, never again)
#          pg/postgres.log its server log
#   <state>/rabbitmq/      RabbitMQ node: rabbitmq.conf, enabled_plugins, home/ (Erlang cookie),
#                          mnesia/, instance.env (node name + ports), rabbitmqctl (wrapper script)
#   <state>/mail/          Maildir written by the SMTP sink (files appear in mail/new/)
#   <state>/log/<name>.log one log per process (postgres.log and rabbitmq.log are symlinks/files)
#   <state>/run/<name>.pid one pid file per process
#
# Processes are started with `setsid` so that a Ctrl-C in the terminal reaches only the
# script that owns them, which then stops them in order.

# ----------------------------------------------------------------------------
# Constants
# ----------------------------------------------------------------------------

CAMBIO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The services, in start order (db-proxy owns the schema, so it comes first).
# This is the one place that lists them.
# shellcheck disable=SC2034 # used by the scripts that source this file
CAMBIO_SERVICES=(db-proxy rates-ingestor alert-evaluator mailer frontend)

# Default admin (/healthz, /metrics) port of each service in the local stack.
# Override one with CAMBIO_<NAME>_ADMIN_PORT, e.g. CAMBIO_DB_PROXY_ADMIN_PORT=9202.
declare -A CAMBIO_ADMIN_PORT_DEFAULTS=(
    [frontend]=9101
    [db-proxy]=9102
    [rates-ingestor]=9103
    [alert-evaluator]=9104
    [mailer]=9105
)

PG_BIN_DIR=/usr/lib/postgresql/15/bin
RABBITMQ_BIN_DIR=/usr/lib/rabbitmq/bin
# Debian's python3 has python3-aiosmtpd; a pyenv/venv python3 earlier in PATH may not.
SYSTEM_PYTHON=/usr/bin/python3

# ----------------------------------------------------------------------------
# Messages
# ----------------------------------------------------------------------------

log_info() { printf '%s\n' "$*" >&2; }
log_warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}
# A visible section header, e.g. `section "Build (preset ci)"`.
section() { printf '\n==> %s\n' "$*" >&2; }

# ----------------------------------------------------------------------------
# Small utilities
# ----------------------------------------------------------------------------

# Upper-case a service name into an env-var fragment: db-proxy -> DB_PROXY.
env_name() {
    local s="${1^^}"
    printf '%s' "${s//-/_}"
}

# Admin port of a local-stack service (honours CAMBIO_<NAME>_ADMIN_PORT).
service_admin_port() {
    local var
    var="CAMBIO_$(env_name "$1")_ADMIN_PORT"
    printf '%s' "${!var:-${CAMBIO_ADMIN_PORT_DEFAULTS[$1]:?unknown service $1}}"
}

# Binary directory for a CMake preset: reads binaryDir from CMakePresets.json
# (following `inherits`), falls back to build/ (build-asan/ for asan).
preset_binary_dir() {
    local preset="$1" dir=""
    if [[ -f "$CAMBIO_ROOT/CMakePresets.json" ]]; then
        dir="$("$SYSTEM_PYTHON" - "$CAMBIO_ROOT" "$preset" <<'PY' 2>/dev/null || true
import json, sys
root, name = sys.argv[1], sys.argv[2]
presets = {p["name"]: p for p in json.load(open(root + "/CMakePresets.json")).get("configurePresets", [])}
def find(n, seen=()):
    p = presets.get(n)
    if p is None or n in seen:
        return None
    if "binaryDir" in p:
        return p["binaryDir"]
    parents = p.get("inherits", [])
    for parent in [parents] if isinstance(parents, str) else parents:
        d = find(parent, seen + (n,))
        if d:
            return d
    return None
d = find(name)
if d:
    print(d.replace("${sourceDir}", root).replace("${presetName}", name))
PY
)"
    fi
    if [[ -z "$dir" ]]; then
        case "$preset" in
            asan) dir="$CAMBIO_ROOT/build-asan" ;;
            ci) dir="$CAMBIO_ROOT/build-ci" ;;
            *) dir="$CAMBIO_ROOT/build" ;;
        esac
    fi
    [[ "$dir" == /* ]] || dir="$CAMBIO_ROOT/$dir"
    printf '%s' "$dir"
}

# Make the per-process directories of a state dir.
ensure_state_layout() {
    mkdir -p "$1/log" "$1/run"
}

# poll_until <timeout-seconds> <command...>: run the command every 0.2 s until it succeeds.
poll_until() {
    local timeout="$1"
    shift
    local deadline=$((SECONDS + timeout))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# ----------------------------------------------------------------------------
# Processes and pid files
# ----------------------------------------------------------------------------

# pid_alive <pid> [<pattern>]: the process exists (and, if a pattern is given, its command
# line contains it — a guard against a stale pid file whose pid was reused).
pid_alive() {
    local pid="$1" pattern="${2:-}"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # A zombie (exited, not yet reaped) counts as dead.
    [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]] || return 1
    [[ -z "$pattern" ]] && return 0
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern"
}

# read_pid <pidfile> [<pattern>]: print the pid if that process is alive, else nothing (status 1).
read_pid() {
    local file="$1" pattern="${2:-}" pid
    [[ -r "$file" ]] || return 1
    pid="$(head -n1 "$file" 2>/dev/null | tr -dc '0-9')"
    pid_alive "$pid" "$pattern" || return 1
    printf '%s' "$pid"
}

# wait_pid_exit <pid> <timeout-seconds>
wait_pid_exit() {
    local pid="$1"
    poll_until "$2" bash -c "! kill -0 $pid 2>/dev/null || [[ \$(awk '{print \$3}' /proc/$pid/stat 2>/dev/null) == Z ]]"
}

# terminate_pid <name> <pid> [<timeout>]: SIGTERM, wait, then SIGKILL.
terminate_pid() {
    local name="$1" pid="$2" timeout="${3:-20}"
    kill -TERM "$pid" 2>/dev/null || return 0
    if ! wait_pid_exit "$pid" "$timeout"; then
        log_warn "$name (pid $pid) did not stop within ${timeout}s after SIGTERM; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_pid_exit "$pid" 5 || true
    fi
}

# stop_pidfile <name> <pidfile> [<pattern>] [<timeout>]: stop the process of a pid file, remove the file.
stop_pidfile() {
    local name="$1" file="$2" pattern="${3:-}" timeout="${4:-20}" pid
    if pid="$(read_pid "$file" "$pattern")"; then
        log_info "stopping $name (pid $pid)"
        terminate_pid "$name" "$pid" "$timeout"
    fi
    rm -f "$file"
}

# ----------------------------------------------------------------------------
# Ports and HTTP
# ----------------------------------------------------------------------------

# port_in_use <port>: something accepts TCP connections on 127.0.0.1:<port>.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# require_free_port <port> <what>: die with a clear message (and the owner if ss can tell) if busy.
require_free_port() {
    local port="$1" what="$2" owner=""
    port_in_use "$port" || return 0
    if command -v ss >/dev/null 2>&1; then
        owner="$(ss -Hltnp "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n1)"
    fi
    die "port $port (for $what) is already in use${owner:+ by $owner}. Stop that process or choose another port (see deploy/README.md)."
}

# http_status <url>: print the HTTP status code (000 when nothing answers).
http_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null || true
}

# ----------------------------------------------------------------------------
# PostgreSQL 15 (private cluster, trust auth, TCP on 127.0.0.1 only, no unix socket)
# ----------------------------------------------------------------------------

# The postgres user must be able to reach its data directory. When the state dir sits
# somewhere it cannot traverse (e.g. a clone under /root, mode 700), the cluster lives in
# /var/tmp/cambio-pg/<hash> and <state>/pg is a symlink to it.
_pg_root() {
    local state="$1" link="$1/pg"
    if [[ -L "$link" ]]; then
        readlink -f "$link"
        return
    fi
    if [[ -d "$link" ]] || runuser -u postgres -- test -x "$state" 2>/dev/null; then
        printf '%s' "$link"
        return
    fi
    local hash
    hash="$(printf '%s' "$(realpath -m "$state")" | sha1sum | cut -c1-12)"
    local root="/var/tmp/cambio-pg/$hash"
    mkdir -p /var/tmp/cambio-pg "$root"
    chmod 755 /var/tmp/cambio-pg
    ln -sfn "$root" "$link"
    log_info "note: postgres cannot access $state; cluster lives in $root ($link links to it)"
    printf '%s' "$root"
}

# postgres_pid <state>: the postmaster's pid if it runs.
postgres_pid() {
    local data="$1/pg/data"
    [[ -e "$1/pg" ]] || return 1
    read_pid "$data/postmaster.pid" "postgres"
}

# pg_psql <port> <psql args...>: psql as the bootstrap superuser over TCP.
pg_psql() {
    local port="$1"
    shift
    "$PG_BIN_DIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

# start_postgres <state> <port> [<postgres -c settings>...]
#   Creates the cluster on first use (never again), starts it (no-op if it already runs on
#   <port>), ensures the superuser role `cambio`. Extra settings, e.g. fsync=off for tests.
start_postgres() {
    local state="$1" port="$2"
    shift 2
    ensure_state_layout "$state"
    id postgres >/dev/null 2>&1 || die "user 'postgres' missing: is postgresql-15 installed? (deploy/install-deps.sh)"
    [[ -x "$PG_BIN_DIR/pg_ctl" ]] || die "$PG_BIN_DIR/pg_ctl not found: install postgresql-15 (deploy/install-deps.sh)"

    local root data logfile pid
    root="$(_pg_root "$state")"
    data="$root/data"
    logfile="$root/postgres.log"

    if pid="$(postgres_pid "$state")"; then
        local running_port
        running_port="$(sed -n 4p "$data/postmaster.pid")"
        [[ "$running_port" == "$port" ]] ||
            die "PostgreSQL of $state already runs on port $running_port (wanted $port); stop it first"
        log_info "PostgreSQL already running (pid $pid, port $port)"
        printf '%s\n' "$pid" >"$state/run/postgres.pid"
        return 0
    fi
    require_free_port "$port" "PostgreSQL"

    mkdir -p "$root"
    chown postgres:postgres "$root"
    chmod 700 "$root"
    if [[ ! -f "$data/PG_VERSION" ]]; then
        log_info "initialising PostgreSQL cluster in $data"
        rm -rf "$data"
        runuser -u postgres -- "$PG_BIN_DIR/initdb" -D "$data" --auth=trust -U postgres \
            -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 ||
            {
                cat "$root/initdb.log" >&2
                die "initdb failed"
            }
    fi
    ln -sfn "$logfile" "$state/log/postgres.log"

    local opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" setting
    for setting in "$@"; do opts+=" -c $setting"; done

    log_info "starting PostgreSQL on 127.0.0.1:$port"
    # setsid: own session, so a terminal Ctrl-C does not reach the postmaster directly.
    if ! setsid -w runuser -u postgres -- "$PG_BIN_DIR/pg_ctl" -D "$data" -o "$opts" -l "$logfile" \
        -w -t 60 start >/dev/null; then
        tail -n 30 "$logfile" >&2 || true
        die "PostgreSQL did not start (log: $logfile)"
    fi
    pid="$(postgres_pid "$state")" || die "PostgreSQL started but has no live pid (log: $logfile)"
    printf '%s\n' "$pid" >"$state/run/postgres.pid"

    # Application superuser (tests and services connect as `cambio`).
    pg_psql "$port" -c "DO \$\$BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cambio') THEN
            CREATE ROLE cambio SUPERUSER LOGIN;
        END IF;
    END\$\$;"
}

# pg_ensure_database <port> <name>: create database <name> owned by cambio if missing.
pg_ensure_database() {
    local port="$1" name="$2"
    if [[ -z "$(pg_psql "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]]; then
        pg_psql "$port" -c "CREATE DATABASE \"$name\" OWNER cambio"
    fi
}

# stop_postgres <state>: fast shutdown (then immediate if it hangs).
stop_postgres() {
    local state="$1" data="$1/pg/data" pid
    if pid="$(postgres_pid "$state")"; then
        log_info "stopping PostgreSQL (pid $pid)"
        if ! runuser -u postgres -- "$PG_BIN_DIR/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1; then
            log_warn "PostgreSQL did not stop in 30s; immediate shutdown"
            runuser -u postgres -- "$PG_BIN_DIR/pg_ctl" -D "$data" -m immediate -w -t 10 stop >/dev/null 2>&1 ||
                kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$state/run/postgres.pid"
}

# remove_postgres <state>: delete the cluster (including an out-of-tree root, see _pg_root).
remove_postgres() {
    local link="$1/pg"
    if [[ -L "$link" ]]; then
        rm -rf "$(readlink -f "$link")"
    fi
    rm -rf "$link"
}

# ----------------------------------------------------------------------------
# RabbitMQ 3.10 (private node with the management plugin and a private epmd)
# ----------------------------------------------------------------------------

# The environment that both the server and rabbitmqctl need, as `export` lines.
# The private HOME holds the Erlang cookie; ERL_EPMD_PORT keeps us off the system epmd.
_rabbit_env_lines() {
    local dir="$1" node="$2" dist="$3" epmd="$4" state="$5"
    cat <<EOF
export HOME='$dir/home'
export RABBITMQ_NODENAME='$node'
unset RABBITMQ_USE_LONGNAME
export RABBITMQ_CONF_ENV_FILE='$dir/rabbitmq-env.conf'
export RABBITMQ_CONFIG_FILE='$dir/rabbitmq.conf'
export RABBITMQ_ADVANCED_CONFIG_FILE='$dir/advanced.config'
export RABBITMQ_ENABLED_PLUGINS_FILE='$dir/enabled_plugins'
export RABBITMQ_MNESIA_BASE='$dir/mnesia'
export RABBITMQ_LOG_BASE='$dir/log'
export RABBITMQ_LOGS='$state/log/rabbitmq.log'
export RABBITMQ_PID_FILE='$state/run/rabbitmq.pid'
export RABBITMQ_DIST_PORT='$dist'
export ERL_EPMD_PORT='$epmd'
export ERL_EPMD_ADDRESS=127.0.0.1
EOF
}

# rabbitmq_pid <state>: the beam pid if the node runs (its command line names its private HOME).
rabbitmq_pid() { read_pid "$1/run/rabbitmq.pid" "-home $1/rabbitmq/home"; }

# rabbitmqctl_path <state>: the wrapper that runs rabbitmqctl against this node.
rabbitmqctl_path() { printf '%s' "$1/rabbitmq/rabbitmqctl"; }

# start_rabbitmq <state> <node-name> <amqp-port> <dist-port> <mgmt-port> <epmd-port>
#   Writes the config (first time), starts the node (no-op if already running), waits until
#   it has booted. Keeps mnesia between runs, including after a kill -9.
start_rabbitmq() {
    local state="$1" node="$2" amqp="$3" dist="$4" mgmt="$5" epmd="$6"
    local dir="$state/rabbitmq" pid
    ensure_state_layout "$state"
    [[ -x "$RABBITMQ_BIN_DIR/rabbitmq-server" ]] || die "RabbitMQ not found: install rabbitmq-server (deploy/install-deps.sh)"

    # A node that already ran here keeps its name (its mnesia directory is named after it).
    if [[ -f "$dir/instance.env" ]]; then
        node="$(sed -n 's/^RMQ_NODE=//p' "$dir/instance.env")"
    fi

    if pid="$(rabbitmq_pid "$state")"; then
        log_info "RabbitMQ already running (node $node, pid $pid)"
        return 0
    fi
    rm -f "$state/run/rabbitmq.pid"
    require_free_port "$amqp" "RabbitMQ AMQP"
    require_free_port "$mgmt" "RabbitMQ management"
    require_free_port "$dist" "RabbitMQ distribution"
    # The epmd port may be held by our own leftover epmd (fine, it is shared safely), not by anything else.
    if port_in_use "$epmd" && ! ERL_EPMD_PORT="$epmd" epmd -names >/dev/null 2>&1; then
        require_free_port "$epmd" "the private epmd"
    fi

    mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
    : >"$dir/rabbitmq-env.conf" # hermetic: ignore /etc/rabbitmq/rabbitmq-env.conf
    printf '[rabbitmq_management].\n' >"$dir/enabled_plugins"
    cat >"$dir/rabbitmq.conf" <<EOF
# Generated by deploy/lib.sh — private node $node
listeners.tcp.local = 127.0.0.1:$amqp
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
log.console = false
log.file.level = info
EOF
    if [[ ! -f "$dir/home/.erlang.cookie" ]]; then
        # (pipefail off: tr dies of SIGPIPE once head has its 32 bytes)
        (set +o pipefail && umask 077 && tr -dc '[:upper:]' </dev/urandom | head -c 32 >"$dir/home/.erlang.cookie")
        chmod 400 "$dir/home/.erlang.cookie"
    fi
    cat >"$dir/instance.env" <<EOF
RMQ_NODE=$node
RMQ_AMQP_PORT=$amqp
RMQ_DIST_PORT=$dist
RMQ_MGMT_PORT=$mgmt
RMQ_EPMD_PORT=$epmd
EOF
    {
        printf '#!/bin/bash\n# rabbitmqctl against the private node %s (generated by deploy/lib.sh)\n' "$node"
        _rabbit_env_lines "$dir" "$node" "$dist" "$epmd" "$state"
        printf 'exec %q -n %q "$@"\n' "$RABBITMQ_BIN_DIR/rabbitmqctl" "$node"
    } >"$dir/rabbitmqctl"
    chmod +x "$dir/rabbitmqctl"

    log_info "starting RabbitMQ node $node (AMQP 127.0.0.1:$amqp, management :$mgmt)"
    (
        eval "$(_rabbit_env_lines "$dir" "$node" "$dist" "$epmd" "$state")"
        # Bind the Erlang distribution listener to loopback only.
        export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
        # Makes the start script exec the VM directly (no signal-proxy shell in between).
        export RUNNING_UNDER_SYSTEMD=true
        cd "$dir" || exit 1
        exec setsid "$RABBITMQ_BIN_DIR/rabbitmq-server" </dev/null >>"$state/log/rabbitmq.stdout.log" 2>&1
    ) &
    local launcher=$!

    # Wait for the pid file, then for the boot to complete.
    local deadline=$((SECONDS + 90))
    until pid="$(rabbitmq_pid "$state")"; do
        if ! kill -0 "$launcher" 2>/dev/null || ((SECONDS > deadline)); then
            tail -n 30 "$state/log/rabbitmq.stdout.log" "$state/log/rabbitmq.log" >&2 2>/dev/null || true
            die "RabbitMQ did not start (logs: $state/log/rabbitmq*.log)"
        fi
        sleep 0.3
    done
    if ! "$dir/rabbitmqctl" await_startup --timeout 90 >/dev/null 2>&1; then
        tail -n 30 "$state/log/rabbitmq.log" >&2 2>/dev/null || true
        die "RabbitMQ node $node did not finish booting (log: $state/log/rabbitmq.log)"
    fi
    log_info "RabbitMQ ready (pid $pid)"
}

# _rabbit_stop_epmd <state>: kill our private epmd once no node is registered with it.
_rabbit_stop_epmd() {
    local env="$1/rabbitmq/instance.env" epmd
    [[ -f "$env" ]] || return 0
    epmd="$(sed -n 's/^RMQ_EPMD_PORT=//p' "$env")"
    [[ -n "$epmd" ]] || return 0
    # `epmd -names` lists "name X at port Y" lines for registered nodes.
    if ERL_EPMD_PORT="$epmd" epmd -names 2>/dev/null | grep -q '^name '; then
        return 0 # someone else still uses it
    fi
    ERL_EPMD_PORT="$epmd" epmd -kill >/dev/null 2>&1 || true
}

# stop_rabbitmq <state>: graceful `rabbitmqctl stop`, SIGTERM/SIGKILL as fallbacks, then epmd.
stop_rabbitmq() {
    local state="$1" pid
    if pid="$(rabbitmq_pid "$state")"; then
        log_info "stopping RabbitMQ (pid $pid)"
        timeout 60 "$(rabbitmqctl_path "$state")" stop >/dev/null 2>&1 || true
        wait_pid_exit "$pid" 30 || terminate_pid RabbitMQ "$pid" 15
    fi
    rm -f "$state/run/rabbitmq.pid"
    _rabbit_stop_epmd "$state"
}

# kill_rabbitmq <state>: kill -9 of the beam process (fault injection). Data stays.
kill_rabbitmq() {
    local state="$1" pid
    if pid="$(rabbitmq_pid "$state")"; then
        log_info "killing RabbitMQ (kill -9 $pid)"
        kill -KILL "$pid"
        wait_pid_exit "$pid" 10 || die "RabbitMQ pid $pid survived SIGKILL"
    else
        log_info "RabbitMQ of $state is not running"
    fi
}

# ----------------------------------------------------------------------------
# SMTP sink (deploy/smtp_sink.py: every message becomes a Maildir file in <state>/mail/new)
# ----------------------------------------------------------------------------

smtp_sink_pid() { read_pid "$1/run/smtp-sink.pid" smtp_sink.py; }

# start_smtp_sink <state> <port>
start_smtp_sink() {
    local state="$1" port="$2" pid
    ensure_state_layout "$state"
    if pid="$(smtp_sink_pid "$state")"; then
        log_info "SMTP sink already running (pid $pid)"
        return 0
    fi
    require_free_port "$port" "the SMTP sink"
    "$SYSTEM_PYTHON" -c 'import aiosmtpd' 2>/dev/null ||
        die "$SYSTEM_PYTHON cannot import aiosmtpd: install python3-aiosmtpd (deploy/install-deps.sh)"
    log_info "starting SMTP sink on 127.0.0.1:$port (mail in $state/mail/new)"
    setsid "$SYSTEM_PYTHON" "$CAMBIO_ROOT/deploy/smtp_sink.py" --host 127.0.0.1 --port "$port" \
        --maildir "$state/mail" </dev/null >>"$state/log/smtp-sink.log" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$state/run/smtp-sink.pid"
    if ! poll_until 15 port_in_use "$port" || ! pid_alive "$pid"; then
        tail -n 20 "$state/log/smtp-sink.log" >&2 || true
        die "SMTP sink did not start (log: $state/log/smtp-sink.log)"
    fi
}

stop_smtp_sink() { stop_pidfile "SMTP sink" "$1/run/smtp-sink.pid" smtp_sink.py 10; }

# ----------------------------------------------------------------------------
# Fake BTC exchange (tests/fakes: Binance's REST ticker and trade stream) for an offline stack
# ----------------------------------------------------------------------------

fake_exchange_pid() { read_pid "$1/run/fake-exchange.pid" fake-exchange; }

# start_fake_exchange <state> <bin-dir> <port>
start_fake_exchange() {
    local state="$1" bin_dir="$2" port="$3" pid
    ensure_state_layout "$state"
    if pid="$(fake_exchange_pid "$state")"; then
        log_info "fake exchange already running (pid $pid)"
        return 0
    fi
    [[ -x "$bin_dir/fake-exchange" ]] || die "$bin_dir/fake-exchange not found: build first"
    require_free_port "$port" "the fake exchange"
    log_info "starting the fake BTC exchange on 127.0.0.1:$port (offline data)"
    setsid "$bin_dir/fake-exchange" --host 127.0.0.1 --port "$port" \
        </dev/null >>"$state/log/fake-exchange.log" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$state/run/fake-exchange.pid"
    if ! poll_until 15 port_in_use "$port" || ! pid_alive "$pid"; then
        tail -n 20 "$state/log/fake-exchange.log" >&2 || true
        die "the fake exchange did not start (log: $state/log/fake-exchange.log)"
    fi
}

stop_fake_exchange() { stop_pidfile "fake exchange" "$1/run/fake-exchange.pid" fake-exchange 10; }

# ----------------------------------------------------------------------------
# Cambio services (binaries from the build; environment comes from the caller)
# ----------------------------------------------------------------------------

service_pid() { read_pid "$1/run/$2.pid" "${3:-$2}"; }

# start_service <state> <bin-dir> <binary> [<instance-name>]
#   Starts <bin-dir>/<binary> in the background with the caller's environment; logs to
#   <state>/log/<instance>.log, pid in <state>/run/<instance>.pid. Instance names allow
#   replicas (e.g. mailer-2). No-op if that instance already runs.
start_service() {
    local state="$1" bin_dir="$2" binary="$3" instance="${4:-$3}" pid
    ensure_state_layout "$state"
    [[ -x "$bin_dir/$binary" ]] || die "$bin_dir/$binary not found: build first (deploy/build.sh)"
    if pid="$(service_pid "$state" "$instance" "$binary")"; then
        log_info "$instance already running (pid $pid)"
        return 0
    fi
    printf '\n===== %s start %s =====\n' "$instance" "$(date -Is)" >>"$state/log/$instance.log"
    setsid "$bin_dir/$binary" </dev/null >>"$state/log/$instance.log" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$state/run/$instance.pid"
    log_info "started $instance (pid $pid, log $state/log/$instance.log)"
}

# service_log_tail <logfile>: the last 40 lines of the latest run (start_service writes a marker).
service_log_tail() {
    local from
    from="$(grep -n '^===== .* start .* =====$' "$1" 2>/dev/null | tail -n1 | cut -d: -f1)"
    tail -n "+${from:-1}" "$1" 2>/dev/null | tail -n 40 >&2 || true
}

# wait_service_healthy <state> <instance> <binary> <admin-url> <timeout>
#   Waits for <admin-url>/healthz to answer 200; dies naming the service with its log tail
#   if it exits or the timeout passes.
wait_service_healthy() {
    local state="$1" instance="$2" binary="$3" url="$4" timeout="$5"
    local deadline=$((SECONDS + timeout)) code="000"
    while :; do
        code="$(http_status "$url/healthz")"
        [[ "$code" == 200 ]] && return 0
        if ! service_pid "$state" "$instance" "$binary" >/dev/null; then
            log_warn "$instance exited during start-up. Last lines of $state/log/$instance.log:"
            service_log_tail "$state/log/$instance.log"
            die "$instance did not come up (process exited)"
        fi
        if ((SECONDS >= deadline)); then
            log_warn "$instance: $url/healthz answered HTTP $code after ${timeout}s. Last lines of $state/log/$instance.log:"
            service_log_tail "$state/log/$instance.log"
            die "$instance did not become healthy within ${timeout}s"
        fi
        sleep 0.5
    done
}

# stop_service <state> <instance> [<binary>]: SIGTERM (graceful drain), SIGKILL after 30 s.
stop_service() { stop_pidfile "$2" "$1/run/$2.pid" "${3:-$2}" 30; }
