#!/usr/bin/env bash
# Runs the compromised-agent scenario suite through Portcullis with the defence off and/or on, and
# prints utility and attack success rate per suite. See docs/scenarios.md.
# Usage: bench/run-scenarios.sh [--suite banking|workspace|messaging|travel]... [--defence off|on|both]
#                               [--templates user-note,system-notice,aside] [--out report.json]
#                               [--work-dir dir] [--suspicion-rule on|off]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/jdk25.sh"
portcullis_select_jdk25
cd "$root"
mvn -B -q -ntp -Dmaven.test.skip=true install -pl bench -am
cpfile="$root/bench/target/classpath.txt"
mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
cp=$(cat "$cpfile")
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/bench/target/classes:$cp" dev.portcullis.bench.scenarios.ScenarioRun "$@"
