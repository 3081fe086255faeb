#!/usr/bin/env bash
# Renders the documentation screenshots from real training runs, off screen:
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

# The settings panel with a preset chosen, and two presets compared on the
# same charts (Pima Diabetes, where the two behave visibly differently).
panel="$TRM_ROOT/docs/images/settings-panel.png"
QT_QPA_PLATFORM=offscreen "$studio" --screenshot "$panel" --settings-panel \
    --preset "Fast demo" --train-epochs 40 "$TRM_ROOT/datasets/diabetes.csv"
echo "Wrote ${panel#"$TRM_ROOT"/}"
compared="$TRM_ROOT/docs/images/compared-runs.png"
QT_QPA_PLATFORM=offscreen "$studio" --screenshot "$compared" --train-epochs 60 \
    --preset "Paper: 10 recursion steps" --compare-preset "TRM default" \
    "$TRM_ROOT/datasets/diabetes.csv"
echo "Wrote ${compared#"$TRM_ROOT"/}"

# The recursion explorer (1600 x 960) on a misclassified test row, stepped to
# where its prediction last changed, and its all-test-rows view.
explore() {
    local data=$1 view=$2 name=$3 epochs=$4
    local out="$TRM_ROOT/docs/images/$name"
    QT_QPA_PLATFORM=offscreen "$studio" --screenshot "$out" --train-epochs "$epochs" \
        --explorer "$view" "$TRM_ROOT/datasets/$data"
    echo "Wrote ${out#"$TRM_ROOT"/}"
}
explore iris.csv row explorer-iris-row.png 60
explore iris.csv set explorer-iris-set.png 60
explore breast_cancer.csv row explorer-breast-cancer-row.png 40

# The Evaluation tab after a run on Breast Cancer: the heat map, the rows of its
# largest wrong cell, the metrics and the comparison with the references.
evaluation="$TRM_ROOT/docs/images/evaluation-tab.png"
QT_QPA_PLATFORM=offscreen "$studio" --screenshot "$evaluation" --train-epochs 60 \
    --evaluation "$TRM_ROOT/datasets/breast_cancer.csv"
echo "Wrote ${evaluation#"$TRM_ROOT"/}"

# The import dialog on a messy spreadsheet export (Windows-1252, semicolons,
# decimal commas, missing values, an id column).
imported="$TRM_ROOT/docs/images/import-dialog.png"
QT_QPA_PLATFORM=offscreen "$studio" --import-dialog "$imported" \
    "$TRM_ROOT/tests/data/import/survey_windows1252.csv"
echo "Wrote ${imported#"$TRM_ROOT"/}"

# The first page of a PDF evaluation report, rendered by poppler's pdftoppm:
# a model trained by `trm train` on four fifths of Breast Cancer and evaluated
# by `trm evaluate --report` on the fifth it never saw.
report_dir=$(mktemp -d)
trap 'rm -rf -- "$report_dir"' EXIT
awk -v train="$report_dir/train.csv" -v held="$report_dir/held-out.csv" \
    'NR == 1 { print > train; print > held; next }
     NR % 5 == 0 { print > held; next }
     { print > train }' "$TRM_ROOT/datasets/breast_cancer.csv"
"$build_dir/bin/trm" train "$report_dir/train.csv" --epochs 60 \
    --out "$report_dir/model.json" >/dev/null 2>&1
QT_QPA_PLATFORM=offscreen "$build_dir/bin/trm" evaluate "$report_dir/model.json" \
    "$report_dir/held-out.csv" --report "$report_dir/report.pdf" >/dev/null 2>&1
report_page="$TRM_ROOT/docs/images/report-page1"
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$report_dir/report.pdf" "$report_page"
echo "Wrote ${report_page#"$TRM_ROOT"/}.png"
