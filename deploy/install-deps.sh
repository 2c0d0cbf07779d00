#!/usr/bin/env bash
# deploy/install-deps.sh — install the Debian 12 packages Cambio needs to build, test and run.
#
#   deploy/install-deps.sh               everything (build, private infrastructure, tools)
#   deploy/install-deps.sh --build-only  only what compiling needs (used by deploy/Dockerfile)
#
# Quick no-op when everything is installed (checked with dpkg-query); otherwise runs
# `apt-get update` and installs only the missing packages, printing them first.
# Needs root (or sudo). Non-interactive, so it also works in CI with no stdin.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUILD_PACKAGES=(
    # toolchain
    build-essential cmake ninja-build pkg-config git curl ca-certificates
    # C++ libraries
    libboost-dev libboost-system-dev librabbitmq-dev libpqxx-dev libcpp-httplib-dev
    nlohmann-json3-dev libspdlog-dev libfmt-dev catch2 libvalijson-dev libsodium-dev
    libcurl4-openssl-dev libssl-dev libhowardhinnant-date-dev tzdata
    # accounts: JWT, page and mail templates, picture decoding
    libjwt-dev libkainjow-mustache-dev libstb-dev libwebp-dev libzxcvbn-dev
)
RUN_PACKAGES=(
    # infrastructure run privately by deploy/up.sh and tests/infra/infra.sh
    rabbitmq-server postgresql-15 postgresql-client-15 python3-aiosmtpd
    # certificates made at test time for the TLS SMTP sinks (tests/mailer, mail_bench)
    openssl
    # operator, test and developer tooling
    amqp-tools python3-pika docker-compose clang-format wrk iproute2
    # browser tests: Debian's Chromium driven by playwright-core (npm) on Node.js
    chromium nodejs
)

case "${1:-}" in
    "") PACKAGES=("${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}") ;;
    --build-only) PACKAGES=("${BUILD_PACKAGES[@]}") ;;
    *) die "usage: deploy/install-deps.sh [--build-only]" ;;
esac

# missing_of <pkg...>: print those not in state "install ok installed" (one dpkg-query call).
missing_of() {
    local -A ok=()
    local name status
    while read -r name status; do
        [[ "$status" == "install ok installed" ]] && ok[$name]=1
    done < <(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true)
    for name in "$@"; do
        [[ -n "${ok[$name]:-}" ]] || printf '%s\n' "$name"
    done
}

mapfile -t missing < <(missing_of "${PACKAGES[@]}")

# Debian's nodejs comes without npm (NodeSource's bundles it, and conflicts with Debian's npm): add
# the npm package only when Node.js is wanted and there is no npm command.
if [[ "${1:-}" != --build-only ]] && ! command -v npm >/dev/null 2>&1; then
    missing+=(npm)
fi

if ((${#missing[@]} == 0)); then
    log_info "install-deps: all ${#PACKAGES[@]} Debian packages present"
    exit 0
fi

log_info "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=()
if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install as root: apt-get install ${missing[*]}"
    sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l # never prompt (CI has no stdin)
apt_opts=(-y -q -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=300
"${sudo[@]}" apt-get install "${apt_opts[@]}" --no-install-recommends "${missing[@]}"

# Verify (a typo in a package name or a held package must not pass silently).
mapfile -t still < <(missing_of "${missing[@]}")
((${#still[@]} == 0)) || die "install-deps: still missing after apt-get: ${still[*]}"
log_info "install-deps: done"
