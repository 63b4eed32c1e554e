# Sourced by ./fairway and ./run-tests: finds a JDK 21+ and Maven, so a fresh machine needs no setup.
# Sets JAVA_HOME and FAIRWAY_MVN, or prints what to install and exits.

FAIRWAY_MIN_JAVA=21
FAIRWAY_MAVEN_VERSION=3.9.11

# Prints the feature version (17, 21, 25…) of the JDK at $1, or nothing when it is not a full JDK.
fairway_jdk_version() {
  local home=$1 v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -r "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)"/\1/p' "$home/release")
  fi
  if [ -z "${v:-}" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}
  v=${v%%[.+-]*}
  [ -n "$v" ] && printf '%s\n' "$v"
}

# The JDK the user chose (FAIRWAY_JAVA_HOME, JAVA_HOME, the java on PATH) wins when it is new enough;
# otherwise the newest JDK under the usual install roots.
fairway_find_jdk() {
  local home v best="" best_v=0 j
  for home in "${FAIRWAY_JAVA_HOME:-}" "${JAVA_HOME:-}" \
      "$( (j=$(readlink -f "$(command -v java 2>/dev/null)" 2>/dev/null) && printf '%s' "${j%/bin/java}") )"; do
    [ -n "$home" ] || continue
    v=$(fairway_jdk_version "$home") || continue
    if [ "$v" -ge "$FAIRWAY_MIN_JAVA" ] 2>/dev/null; then best=$home; break; fi
  done
  if [ -z "$best" ]; then
    # FAIRWAY_JDK_ROOTS (space-separated globs) replaces the usual install roots; tests use it.
    local roots=${FAIRWAY_JDK_ROOTS:-"/usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home $HOME/.sdkman/candidates/java/*"}
    for home in $roots; do
      [ -d "$home" ] || continue
      v=$(fairway_jdk_version "$home") || continue
      if [ "$v" -ge "$FAIRWAY_MIN_JAVA" ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best=$home; best_v=$v; fi
    done
  fi
  if [ -n "$best" ]; then
    JAVA_HOME=$(cd "$best" && pwd -P)
    export JAVA_HOME
    # Maven's own libraries use sun.misc.Unsafe, which JDK 23+ warns about on every run.
    v=$(fairway_jdk_version "$JAVA_HOME")
    if [ "$v" -ge 23 ] 2>/dev/null; then
      case " ${MAVEN_OPTS:-} " in
        *sun-misc-unsafe-memory-access*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
      esac
    fi
    return 0
  fi
  cat >&2 <<EOF
fairway: no JDK $FAIRWAY_MIN_JAVA or newer found.
  Looked at FAIRWAY_JAVA_HOME, JAVA_HOME, the java on PATH and /usr/lib/jvm/*.
  Install one, for example:
    Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk   (or temurin-21-jdk from adoptium.net)
    macOS:          brew install openjdk@21
  or point JAVA_HOME at an existing JDK 21+ and run the command again.
EOF
  exit 1
}

# Uses the mvn on PATH when it is 3.8 or newer; otherwise downloads Apache Maven from Maven Central
# once into ~/.cache/fairway.
fairway_find_maven() {
  if command -v mvn >/dev/null 2>&1; then
    local mv
    mv=$(JAVA_HOME="$JAVA_HOME" mvn -v 2>/dev/null | sed -n 's/.*Apache Maven \([0-9]*\.[0-9]*\).*/\1/p' | head -n 1)
    case "$mv" in
      3.[89]|3.[1-9][0-9]|[4-9].*) FAIRWAY_MVN=mvn; return 0 ;;
    esac
  fi
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/fairway"
  local home="$cache/apache-maven-$FAIRWAY_MAVEN_VERSION"
  if [ ! -x "$home/bin/mvn" ]; then
    local url="https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$FAIRWAY_MAVEN_VERSION/apache-maven-$FAIRWAY_MAVEN_VERSION-bin.tar.gz"
    echo "fairway: Maven 3.8+ not found; downloading Apache Maven $FAIRWAY_MAVEN_VERSION into $cache" >&2
    mkdir -p "$cache"
    if command -v curl >/dev/null 2>&1; then
      curl -fsSL "$url" | tar -xz -C "$cache"
    elif command -v wget >/dev/null 2>&1; then
      wget -qO- "$url" | tar -xz -C "$cache"
    else
      echo "fairway: install Maven 3.8+ (or curl/wget so Fairway can fetch it)" >&2
      exit 1
    fi || { echo "fairway: could not download Maven from $url" >&2; exit 1; }
  fi
  FAIRWAY_MVN="$home/bin/mvn"
}
