#!/usr/bin/env bash
# deploy/build.sh — configure and build with a CMake preset.
#
#   deploy/build.sh                  preset from $CAMBIO_PRESET, default `dev` (binaries in build/bin/)
#   CAMBIO_PRESET=asan deploy/build.sh   (binaries in build-asan/bin/)
#   deploy/build.sh <extra cmake --build args>, e.g. deploy/build.sh --target db-proxy
#
# Parallelism: $CAMBIO_JOBS, default 2 (the machines have 2 cores).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

preset="${CAMBIO_PRESET:-dev}"
cd "$CAMBIO_ROOT"
[[ -f CMakePresets.json ]] || die "no CMakePresets.json in $CAMBIO_ROOT"

section "Configure (cmake --preset $preset)"
cmake --preset "$preset"

section "Build (cmake --build --preset $preset, ${CAMBIO_JOBS:-2} jobs)"
cmake --build --preset "$preset" --parallel "${CAMBIO_JOBS:-2}" "$@"

log_info "build: binaries in $(preset_binary_dir "$preset")/bin"
