#!/usr/bin/env bash
# Measures credential lease issue and revoke latency (PostgreSQL dynamic roles and a static secret)
# against the same role DDL issued directly over JDBC, in one run. Starts its own PostgreSQL from
# Maven Central binaries. See docs/benchmarks-leases.md.
# Usage: bench/run-leases.sh [--iterations N] [--warmup N] [--out report.json]
# Set PORTCULLIS_SKIP_BUILD=1 to reuse an earlier build of the bench module.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/jdk25.sh"
portcullis_select_jdk25
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
cd "$root"
if [ "${PORTCULLIS_SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -q -ntp -Dmaven.test.skip=true -pl bench -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
fi
cp=$(cat "$root/bench/target/classpath.txt")
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/target/classes:$cp" dev.portcullis.bench.lease.LeaseLatencyRun "${args[@]+"${args[@]}"}"
