# Sourced (POSIX sh) by ./mvnw, ./xrelay and .ci/run: makes JAVA_HOME name a JDK >= 21.
# xrelay compiles for Java 21 and needs a JDK of at least that level to build and run. A machine's default
# `java` may be older, so when JAVA_HOME does not already name a suitable JDK the usual install folders are
# searched and the newest JDK found is taken. XRELAY_JAVA_HOME, when set, wins over everything.

xrelay_jdk_feature() {
  # Prints the feature release (17, 21, 25, ...) of the JDK at $1, or nothing if $1 is not a JDK.
  [ -x "$1/bin/javac" ] && [ -x "$1/bin/java" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p'
  fi
}

xrelay_find_jdk() {
  if [ -n "${XRELAY_JAVA_HOME-}" ]; then
    v=$(xrelay_jdk_feature "$XRELAY_JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then JAVA_HOME=$XRELAY_JAVA_HOME; export JAVA_HOME; return 0; fi
    echo "xrelay: XRELAY_JAVA_HOME=$XRELAY_JAVA_HOME is not a JDK >= 21" >&2
    return 1
  fi
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(xrelay_jdk_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then export JAVA_HOME; return 0; fi
  fi
  best="" best_v=0
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$d" ] || continue
    v=$(xrelay_jdk_feature "$d")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$d best_v=$v; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(xrelay_jdk_feature "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then best=$d; fi
  fi
  if [ -z "$best" ]; then
    echo "xrelay: no JDK >= 21 found (JAVA_HOME=${JAVA_HOME-unset}; searched /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks)." >&2
    echo "xrelay: install a JDK 21 or newer and set JAVA_HOME or XRELAY_JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}

xrelay_find_jdk || exit 1
