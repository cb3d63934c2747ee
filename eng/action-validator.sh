#!/usr/bin/env bash
# Installs the GitHub Actions workflow validator @action-validator/cli (the workflow JSON schema, run offline by a
# WebAssembly build) from the npm registry into a tools folder on first use, and prints the path of its command.
# The template tests validate the `dotnet new mlops` workflow with it; a failed install fails those tests.
#   Env: MLOPS_TOOLS (default ~/.cache/mlops-tools)
set -euo pipefail
. "$(dirname "$0")/containers/common.sh"

version=0.6.0
dir="${MLOPS_TOOLS:-$HOME/.cache/mlops-tools}/action-validator-$version"
bin="$dir/node_modules/.bin/action-validator"
if [ ! -x "$bin" ]; then
  ensure_pkg npm npm
  mkdir -p "$(dirname "$dir")"
  # Install beside, then rename: a parallel run never sees a half-installed folder.
  tmp=$(mktemp -d "$dir.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  npm install --prefix "$tmp" --no-audit --no-fund --loglevel=error "@action-validator/cli@$version" >&2 || die "npm install @action-validator/cli@$version failed"
  mv -T "$tmp" "$dir" 2>/dev/null || true   # another run may have won the race: its copy is as good
fi
[ -x "$bin" ] || die "$bin missing after install"
echo "$bin"
