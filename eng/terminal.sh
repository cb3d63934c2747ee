#!/usr/bin/env bash
# Installs tmux when it is missing (CI machines start fresh) and prints its path. The tests that assert what a user
# sees in a real terminal (.NET's terminal logger, the default in an interactive shell) run `dotnet` inside a tmux pane.
set -euo pipefail
. "$(dirname "$0")/containers/common.sh"

ensure_pkg tmux tmux
command -v tmux
