# Shared by the bench/run-*.sh scripts: source it, then call portcullis_bench_exec.
# Builds the bench module and what it needs (unless PORTCULLIS_SKIP_BUILD=1), then replaces the
# shell with a Java 25 process running MAIN on the bench module's classpath, from the project root.
# Usage: portcullis_bench_exec MAIN [arguments...]
portcullis_bench_exec() {
  local root main cpfile
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  main="$1"
  shift
  . "$root/scripts/jdk25.sh"
  portcullis_select_jdk25
  cd "$root"
  if [ "${PORTCULLIS_SKIP_BUILD:-0}" != "1" ]; then
    mvn -B -q -ntp -Dmaven.test.skip=true install -pl bench -am
  fi
  cpfile="$root/bench/target/classpath.txt"
  mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile="$cpfile" >/dev/null
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$root/bench/target/classes:$(cat "$cpfile")" "$main" "$@"
}
