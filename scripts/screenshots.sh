#!/usr/bin/env bash
# Renders the documentation screenshot from a real training run, off screen:
# trm-studio loads Iris, trains on its worker thread as usual, then saves the
# window (1280 x 800) to docs/images/main-window.png and quits.
# Builds nothing: build first (scripts/run.sh, scripts/test.sh or cmake).
# Usage: scripts/screenshots.sh [BUILD_DIR]    (default: build/)
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

build_dir=${1:-$TRM_BUILD_DIR}
studio="$build_dir/bin/trm-studio"
if [[ ! -x $studio ]]; then
    echo "No $studio: build TRM Studio first, or pass the build folder." >&2
    exit 1
fi

output="$TRM_ROOT/docs/images/main-window.png"
mkdir -p "$(dirname -- "$output")"
# Enough epochs for curves with a shape, few enough to take seconds.
QT_QPA_PLATFORM=offscreen "$studio" --screenshot "$output" --train-epochs 60 \
    "$TRM_ROOT/datasets/iris.csv"
echo "Wrote ${output#"$TRM_ROOT"/}"
