#!/usr/bin/env bash
# Shared by run.sh and test.sh (sourced, not run): the Debian packages TRM Studio
# needs, how to install the missing ones, and how to build.

# Build tools, Qt 6 (Widgets, Charts, Svg, Test), Eigen, the serial OpenBLAS
# (which Eigen calls for matrix products) and libcsv to compile;
# the Qt platform plugins, a virtual X server and one font so that the GUI tests
# and scripts/screenshots.sh can render text without a real display.
# (Qt Charts' CMake package looks for Qt OpenGL's, so its headers are needed too.)
# liblinear fits the logistic-regression reference; poppler-utils' pdftoppm renders
# the PDF report's first page for the README.
# (qt6-svg-dev is Debian 12's name for the Qt SVG headers; libqt6svg6-dev is only
# a virtual name it provides, which dpkg-query cannot report as installed.)
TRM_PACKAGES=(
    build-essential
    cmake
    pkg-config
    qt6-base-dev
    qt6-base-dev-tools
    qt6-charts-dev
    libqt6opengl6-dev
    qt6-svg-dev
    libgl-dev
    libeigen3-dev
    libopenblas-serial-dev
    libcsv-dev
    liblinear-dev
    poppler-utils
    qt6-qpa-plugins
    xvfb
    xauth
    fonts-dejavu-core
)

# The repository root, whatever the caller's current directory.
TRM_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
TRM_BUILD_DIR="$TRM_ROOT/build"

# Prints, one a line, the packages among the arguments that are not installed.
trm_missing_packages() {
    local package status
    for package in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        if [[ $status != "install ok installed" ]]; then
            printf '%s\n' "$package"
        fi
    done
}

# Installs whatever in TRM_PACKAGES is missing; does nothing when all are present.
trm_install_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "Not a Debian-based system: make sure these (or their equivalents) are installed:" >&2
        echo "  ${TRM_PACKAGES[*]}" >&2
        return 0
    fi

    local missing
    mapfile -t missing < <(trm_missing_packages "${TRM_PACKAGES[@]}")
    if ((${#missing[@]} == 0)); then
        echo "All ${#TRM_PACKAGES[@]} required packages are installed."
        return 0
    fi

    local -a asRoot=()
    if ((EUID != 0)); then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "Missing packages and no sudo to install them; as root, run:" >&2
            echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
            return 1
        fi
        asRoot=(sudo)
    fi

    echo "Installing ${#missing[@]} missing package(s): ${missing[*]}"
    # sudo may drop the caller's environment, so the variable is passed through env.
    "${asRoot[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
    "${asRoot[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
}

# Configures and builds the Release build in build/.
trm_build() {
    cmake -S "$TRM_ROOT" -B "$TRM_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
    cmake --build "$TRM_BUILD_DIR" -j2
}
