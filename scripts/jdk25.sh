# Sourced by ./portcullis and ./test: selects a JDK 25 for Maven and the gateway, or stops with
# a message saying what was found. It never falls back to another Java version.
portcullis_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

portcullis_select_jdk25() {
  local candidate major tried=""
  for candidate in "${PORTCULLIS_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(portcullis_java_major "$candidate")
    tried="$tried\n  $candidate (Java $major)"
    if [ "$major" = "25" ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  printf 'Portcullis needs a JDK 25 and found none. Looked at:%b\n' "${tried:-\n  (no JDK found)}" >&2
  printf 'Install a JDK 25 (e.g. Temurin 25) and set PORTCULLIS_JAVA_HOME or JAVA_HOME to it.\n' >&2
  return 1
}
