#!/usr/bin/env bash
# Runs JMH micro-benchmarks of the bench module.
# Usage: bench/run-jmh.sh <benchmark regex> [further JMH options, e.g. -f 1 -wi 3 -i 5]
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
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:$cp" org.openjdk.jmh.Main "$@"
