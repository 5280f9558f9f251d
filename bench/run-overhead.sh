#!/usr/bin/env bash
# Measures the gateway's overhead on tools/call against calling the upstream directly, in one run.
# Usage: bench/run-overhead.sh [calls per side] [warm-up calls]
set -euo pipefail
"$(dirname "$0")/../scripts/npm-install.sh"
. "$(dirname "$0")/lib.sh"
portcullis_bench_exec dev.portcullis.bench.OverheadRun e2e/node/node_modules "${1:-2000}" "${2:-500}"
