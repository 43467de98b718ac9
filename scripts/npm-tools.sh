#!/usr/bin/env bash
# Installs the pinned JavaScript tools (solc-js, anvil) into node_modules/ at the repository root, exactly as
# package-lock.json records them. Does nothing when node_modules already matches the lock file, so it is cheap
# to call from every build. npm keeps its download cache in the machine's usual folder (~/.npm).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v npm >/dev/null || { echo "xrelay: npm is required (Node.js >= 20 with npm) to install solc-js and anvil" >&2; exit 1; }
want=$(sha256sum package.json package-lock.json | sha256sum | cut -d' ' -f1)
stamp=node_modules/.xrelay-tools.sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
# `npm install` (not `npm ci`): npm records the anvil binary package of this platform only, which `npm ci`
# then rejects as out of sync; with an unchanged package.json, `install` keeps every locked version and hash.
npm install --no-audit --no-fund --loglevel=error
git diff --quiet -- package-lock.json 2>/dev/null || echo "xrelay: note: npm rewrote package-lock.json" >&2
echo "$want" > "$stamp"
