#!/usr/bin/env bash
# Installs code-server from npm into $1 without its download steps (they fail offline), then
# does by hand what its postinstall would: the VS Code server's dependencies, the native
# modules built from source, and Debian's ripgrep in place of the downloaded one.
# Needs Node 20, a C/C++ toolchain and Debian's ripgrep and libkrb5-dev.
set -euo pipefail
export npm_config_yes=true  # node-pty's post-install runs npx node-gyp
dest="${1:?usage: install-code-server.sh DIR}"
version="${CODE_SERVER_VERSION:-4.100.3}"
mkdir -p "$dest"
cd "$dest"
if [ ! -d node_modules/code-server ]; then
    npm install --no-audit --no-fund --ignore-scripts "code-server@$version"
fi
cs="$dest/node_modules/code-server"
# npm 11 skips install scripts unless told: the native modules are built one by one (never
# @vscode/ripgrep, whose install script downloads a binary).
# argon2's install script would download a prebuilt binary: build it from source instead.
(cd "$dest/node_modules/argon2" && ../.bin/node-pre-gyp rebuild --build-from-source \
    --nodedir="$(npm config get nodedir 2>/dev/null | grep -v '^null$' || dirname "$(dirname "$(command -v node)")")")
cd "$cs/lib/vscode"
npm install --omit=dev --ignore-scripts --no-audit --no-fund
for module in @vscode/spdlog node-pty kerberos native-watchdog @vscode/deviceid \
    @vscode/windows-registry @vscode/sqlite3 @parcel/watcher; do
    if [ -f "node_modules/$module/binding.gyp" ]; then
        npm rebuild --ignore-scripts=false "$module"
    fi
done
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
cd extensions
npm install --omit=dev --ignore-scripts --no-audit --no-fund
echo "code-server $version installed in $cs"
