#!/usr/bin/env bash
# Measures the firewall's injection verdict (precision, recall, false-positive rate, F1) and its
# throughput on labelled JSON Lines files ({"label": 0|1, "text": ...} per line), read where they are.
# Usage: bench/run-detectors.sh [--passes N] file.jsonl...
# Set PORTCULLIS_SKIP_BUILD=1 to reuse an earlier build of the bench module.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/jdk25.sh"
portcullis_select_jdk25
if [ "$#" -eq 0 ]; then
  echo "usage: $0 [--passes N] file.jsonl..." >&2
  exit 2
fi
args=()
for a in "$@"; do
  if [ -e "$a" ]; then args+=("$(cd "$(dirname "$a")" && pwd)/$(basename "$a")"); else args+=("$a"); fi
done
cd "$root"
if [ "${PORTCULLIS_SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -q -ntp -Dmaven.test.skip=true -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
fi
cp=$(cat "$root/bench/target/classpath.txt")
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:$cp" \
  dev.portcullis.bench.detect.DetectorRun "${args[@]}"
