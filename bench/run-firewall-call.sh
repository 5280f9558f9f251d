#!/usr/bin/env bash
# Measures what the defence (firewall and information flow) adds to a tools/call with a 100 KB
# result, end to end through the gateway, against the same gateway without it, in one run.
# Usage: bench/run-firewall-call.sh [--calls N] [--warmup N] [--pause-ms N] [--per-session N]
# PORTCULLIS_SKIP_BUILD=1 reuses an earlier build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/jdk25.sh"
portcullis_select_jdk25
cd "$root"
if [ "${PORTCULLIS_SKIP_BUILD:-}" != "1" ]; then
  mvn -B -q -ntp -Dmaven.test.skip=true install -pl bench -am
fi
cpfile="$root/bench/target/classpath.txt"
mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
cp=$(cat "$cpfile")
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/bench/target/classes:$cp" dev.portcullis.bench.FirewallCallRun "$@"
