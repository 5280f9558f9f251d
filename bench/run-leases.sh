#!/usr/bin/env bash
# Measures credential lease issue and revoke latency (PostgreSQL dynamic roles and a static secret)
# against the same role DDL issued directly over JDBC, in one run. Starts its own PostgreSQL from
# Maven Central binaries. See docs/benchmarks-leases.md.
# Usage: bench/run-leases.sh [--iterations N] [--warmup N] [--out report.json]
# Set PORTCULLIS_SKIP_BUILD=1 to reuse an earlier build of the bench module.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
args=()
while [ "$#" -gt 0 ]; do
  if [ "$1" = "--out" ] && [ "$#" -gt 1 ]; then
    out="$2"
    case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
    args+=("--out" "$out")
    shift 2
  else
    args+=("$1")
    shift
  fi
done
. "$root/bench/lib.sh"
portcullis_bench_exec dev.portcullis.bench.lease.LeaseLatencyRun "${args[@]+"${args[@]}"}"
