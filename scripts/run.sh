#!/usr/bin/env bash
# Installs what is missing, builds the Release build in build/, then starts
# TRM Studio on the Iris data set. Without a display it runs a command-line demo
# instead: a default training run on each bundled data set, summed up in a table.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

trm_install_packages
trm_build
cd "$TRM_ROOT"

if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
    exec build/bin/trm-studio datasets/iris.csv
fi

echo
echo "No display found (neither DISPLAY nor WAYLAND_DISPLAY is set)."
echo "Running the command-line demo instead: 'trm train FILE --json' with default settings."
echo

# The value of "key" in a one-line JSON object, first occurrence; empty if absent.
# A plain grep keeps the demo free of extra dependencies such as jq or python3.
json_value() {
    local json=$1 key=$2
    grep -o "\"$key\":[^,}]*" <<<"$json" | head -n 1 | cut -d: -f2- | tr -d ' "' || true
}

# A number rounded to the given decimals, anything else (null, empty) as "n/a".
format_number() {
    local value=$1 decimals=$2
    if [[ $value =~ ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]]; then
        LC_ALL=C printf "%.${decimals}f" "$value"
    else
        printf 'n/a'
    fi
}

row_format='%-20s %13s %9s %11s %9s\n'
# shellcheck disable=SC2059
printf "$row_format" "data set" "test accuracy" "macro-F1" "parameters" "seconds"
failures=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for data in iris.csv breast_cancer.csv diabetes.csv; do
    # Progress goes to stderr; keep it out of the table unless the run fails.
    if output=$(build/bin/trm train "datasets/$data" --json 2>"$log"); then
        json=$(tail -n 1 <<<"$output")
        # shellcheck disable=SC2059
        printf "$row_format" "$data" \
            "$(format_number "$(json_value "$json" accuracy)" 4)" \
            "$(format_number "$(json_value "$json" macro_f1)" 4)" \
            "$(json_value "$json" params | grep . || echo n/a)" \
            "$(format_number "$(json_value "$json" seconds)" 2)"
    else
        status=$?
        printf '%-20s failed (exit %d):\n' "$data" "$status"
        tail -n 5 "$log" | sed 's/^/    /'
        failures=$((failures + 1))
    fi
done

if ((failures > 0)); then
    echo "$failures of 3 demo runs failed." >&2
    exit 1
fi
