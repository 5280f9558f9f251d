#!/usr/bin/env bash
# Measures what the defence (firewall and information flow) adds to a tools/call with a 100 KB
# result, end to end through the gateway, against the same gateway without it, in one run.
# Usage: bench/run-firewall-call.sh [--calls N] [--warmup N] [--pause-ms N] [--per-session N]
# PORTCULLIS_SKIP_BUILD=1 reuses an earlier build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
portcullis_bench_exec dev.portcullis.bench.FirewallCallRun "$@"
