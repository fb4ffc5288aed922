# Shared set-up of the learned-optimizer tools (kernel-ab, cport); sourced, not run. Needs ROOT and WORK.
# Builds learned-optimizer and its modules, and sets CP to their classes plus the dependencies' jars.
(cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl learned-optimizer -am -DskipTests compile \
  && mvn -B -q -Dstyle.color=never -pl learned-optimizer dependency:build-classpath -Dmdep.outputFile="$WORK/deps.txt") >&2
CP="$ROOT/learned-optimizer/target/classes:$ROOT/agents/target/classes:$ROOT/envs/target/classes:$(cat "$WORK/deps.txt")"

# tool_javac OUTDIR SOURCE...: compiles tool sources against CP (with the Vector API), warnings dropped.
tool_javac() {
  local out="$1"
  shift
  mkdir -p "$out"
  javac -nowarn -XDsuppressNotes --add-modules jdk.incubator.vector -cp "$CP" -d "$out" "$@" 2>&1 \
    | grep -v 'warning' >&2 || true
}
