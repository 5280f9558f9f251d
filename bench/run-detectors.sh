#!/usr/bin/env bash
# Measures the firewall's injection verdict (precision, recall, false-positive rate, F1) and its
# throughput on labelled JSON Lines files ({"label": 0|1, "text": ...} per line), read where they are.
# Usage: bench/run-detectors.sh [--passes N] file.jsonl...
# Set PORTCULLIS_SKIP_BUILD=1 to reuse an earlier build of the bench module.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$#" -eq 0 ]; then
  echo "usage: $0 [--passes N] file.jsonl..." >&2
  exit 2
fi
args=()
for a in "$@"; do
  if [ -e "$a" ]; then args+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")"); else args+=("$a"); fi
done
. "$root/bench/lib.sh"
portcullis_bench_exec dev.portcullis.bench.detect.DetectorRun "${args[@]}"
