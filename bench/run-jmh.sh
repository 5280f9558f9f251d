#!/usr/bin/env bash
# Runs JMH micro-benchmarks of the bench module.
# Usage: bench/run-jmh.sh <benchmark regex> [further JMH options, e.g. -f 1 -wi 3 -i 5]
# PORTCULLIS_SKIP_BUILD=1 reuses an earlier build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
portcullis_bench_exec org.openjdk.jmh.Main "$@"
