#!/usr/bin/env bash
# deploy/test.sh — "test it": install what is missing, build, run the whole test suite.
#
#   deploy/test.sh                   preset from $CAMBIO_PRESET (default dev): dev | ci | asan
#   deploy/test.sh -L unit           extra arguments go to ctest (-R regex, -L label, -j N, ...)
#   CAMBIO_SKIP_DEPS=1 deploy/test.sh   skip the Debian package check
#
# Tests that need RabbitMQ/PostgreSQL/SMTP get them from the `infra` CTest fixture
# (tests/infra/infra.sh, state in <build>/test-infra, ports 5692/15692/25692/4392/5452/2535).
# Also checks docker-compose.yml with `docker-compose config -q`. Exit status is non-zero if
# anything failed.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

preset="${CAMBIO_PRESET:-dev}"
build_dir="$(preset_binary_dir "$preset")"
cd "$CAMBIO_ROOT"

# If ctest is interrupted, its infra_stop cleanup never runs: stop the fixture's processes here.
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    if [[ -d "$build_dir/test-infra" ]]; then
        log_info "stopping leftover test infrastructure in $build_dir/test-infra"
        "$CAMBIO_ROOT/tests/infra/infra.sh" stop "$build_dir/test-infra" || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z "${CAMBIO_SKIP_DEPS:-}" ]]; then
    section "Dependencies"
    "$CAMBIO_ROOT/deploy/install-deps.sh"
fi

CAMBIO_PRESET="$preset" "$CAMBIO_ROOT/deploy/build.sh"

# The browser tests' npm modules: playwright-core (never its browser download: they drive Debian's
# Chromium) and the OpenAPI validator. Installed again whenever package-lock.json changed since.
browser_dir="$CAMBIO_ROOT/tests/frontend/browser"
if [[ ! -f "$browser_dir/node_modules/.package-lock.json" ||
    "$browser_dir/package-lock.json" -nt "$browser_dir/node_modules/.package-lock.json" ]]; then
    section "Browser test dependencies (npm ci in tests/frontend/browser)"
    (cd "$browser_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

status=0

section "Check docker-compose.yml (docker-compose config -q)"
# With a (throw-away) secret it must be valid; without one it must refuse, naming the setting.
if CAMBIO_SECRET_KEY=compose-config-check-0123456789abcdef \
    docker-compose -f "$CAMBIO_ROOT/docker-compose.yml" config -q; then
    log_info "docker-compose.yml: OK"
else
    log_warn "docker-compose.yml: docker-compose config failed"
    status=1
fi
if refusal="$(env -u CAMBIO_SECRET_KEY docker-compose -f "$CAMBIO_ROOT/docker-compose.yml" config -q 2>&1)" ||
    [[ "$refusal" != *CAMBIO_SECRET_KEY* ]]; then
    log_warn "docker-compose.yml: accepted without CAMBIO_SECRET_KEY (or did not name it): $refusal"
    status=1
fi

section "Tests (ctest --preset $preset $*)"
if ctest --preset "$preset" --output-on-failure "$@"; then
    log_info "tests: all passed"
else
    log_warn "tests: failures (see above)"
    status=1
fi

exit "$status"
