#!/usr/bin/env bash
# End to end, in a real VS Code: builds the .vsix, installs it into code-server, opens a copy
# of examples/audit-part-40 and lets drive.py click through the HT101 quick fix in Chromium.
# Screenshots go to editors/vscode/e2e/screenshots/. Run from anywhere, with the project's
# virtualenv active (the server runs from its Python):
#
#   bash editors/vscode/e2e/run.sh
#
# Needs Node 20 and Debian's chromium, chromium-driver, ripgrep and libkrb5-dev.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ext="$(dirname "$here")"
repo="$(cd "$ext/../.." && pwd)"
python="${PYTHON:-$(command -v python)}"
cache="${CODE_SERVER_HOME:-$HOME/.cache/hartonomous-e2e}"
work="$(mktemp -d)"
trap 'kill "${server_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

"$python" -c "import hartonomous_lsp, selenium" 2>/dev/null || "$python" -m pip install -q selenium  # outside the test extras
[ -x "$cache/node_modules/code-server/out/node/entry.js" ] || [ -f "$cache/node_modules/code-server/out/node/entry.js" ] \
    || bash "$here/install-code-server.sh" "$cache" >/dev/null
code_server=("node" "$cache/node_modules/code-server/out/node/entry.js")

(cd "$ext" && npm ci --no-audit --no-fund --loglevel=error && npm run -s package >/dev/null)

mkdir -p "$work/data/User" "$work/extensions"
cat > "$work/data/User/settings.json" <<JSON
{
  "hartonomous.interpreter": "$python",
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "editor.hover.delay": 100
}
JSON
"${code_server[@]}" --user-data-dir "$work/data" --extensions-dir "$work/extensions" \
    --install-extension "$ext/hartonomous.vsix" >/dev/null
cp -r "$repo/examples/audit-part-40" "$work/project"
port=$("$python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"${code_server[@]}" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry \
    --disable-update-check --disable-workspace-trust --user-data-dir "$work/data" \
    --extensions-dir "$work/extensions" "$work/project" >"$work/code-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.5
done
rm -rf "$here/screenshots"
"$python" "$here/drive.py" "http://127.0.0.1:$port" "$work/project" "$here/screenshots" \
    || {
        echo "--- code-server log"; tail -50 "$work/code-server.log"
        find "$work/data/logs" -iname "*hartonomous*" -exec sh -c 'echo "--- $1"; tail -60 "$1"' _ {} \;
        exit 1
    }
