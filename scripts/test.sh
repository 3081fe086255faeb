#!/usr/bin/env bash
# Installs what is missing, builds the Release build in build/ and runs every test.
# Exits non-zero when a package cannot be installed, the build fails or a test fails.
set -euo pipefail

# shellcheck source=common.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

trm_install_packages
trm_build

# The GUI tests need no display: Qt renders them off screen.
export QT_QPA_PLATFORM=offscreen
# --no-tests=error: a build that registered no tests is a failure, not a pass.
ctest --test-dir "$TRM_BUILD_DIR" --output-on-failure --no-tests=error
