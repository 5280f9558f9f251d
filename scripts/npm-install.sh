#!/usr/bin/env bash
# Installs the npm packages the demo and the end-to-end tests run (official MCP SDKs and
# reference servers), pinned by e2e/node/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../e2e/node"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
