#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium when it is missing (CI machines start fresh) and prints its path.
# The model-card test renders model-card.html with it; a failed install fails that test.
set -euo pipefail
. "$(dirname "$0")/containers/common.sh"

ensure_pkg chromium chromium
command -v chromium
