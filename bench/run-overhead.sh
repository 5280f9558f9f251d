#!/usr/bin/env bash
# Measures the gateway's overhead on tools/call against calling the upstream directly, in one run.
# Usage: bench/run-overhead.sh [calls per side] [warm-up calls]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/jdk25.sh"
portcullis_select_jdk25
"$root/scripts/npm-install.sh"
cd "$root"
mvn -B -q -ntp -Dmaven.test.skip=true install -pl bench -am
cpfile="$root/bench/target/classpath.txt"
mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
cp=$(cat "$cpfile")
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/target/classes:$cp" dev.portcullis.bench.OverheadRun e2e/node/node_modules "${1:-2000}" "${2:-500}"
