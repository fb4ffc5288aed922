#!/usr/bin/env bash
# Paired A/B timing of the Optim4RL vector kernel: REVISION's kernel against the working tree's, in one JVM,
# interleaved (see ABBench.java). The four kernel classes of REVISION are copied under other class names
# (Base*), compiled against the working tree's learned-optimizer classes, and run together.
#   learned-optimizer/tools/kernel-ab/kernel-ab.sh REVISION [COORDS=1000000] [THREADS=2] [REPS=15]
# Environment: AB_JAVA_OPTS (extra JVM options, e.g. -Dcheck=1 to compare both with the scalar kernel).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
REV="${1:?usage: kernel-ab.sh REVISION [COORDS] [THREADS] [REPS]}"
COORDS="${2:-1000000}"
THREADS="${3:-2}"
REPS="${4:-15}"
PKG=learned-optimizer/src/main/java/io/optim4rl/lopt
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

git -C "$ROOT" rev-parse --verify --quiet "$REV^{commit}" >/dev/null \
  || { echo "kernel-ab: unknown revision $REV" >&2; exit 2; }
# shellcheck source=../tool-env.sh
source "$ROOT/learned-optimizer/tools/tool-env.sh"

mkdir -p "$WORK/src"
rename='s/\bOptim4RlVectorKernel\b/BaseVectorKernel/g; s/\bVectorBranch\b/BaseVectorBranch/g;'
rename+=' s/\bVectorLinear\b/BaseVectorLinear/g; s/\bVectorMath\b/BaseVectorMath/g'
for f in Optim4RlVectorKernel VectorBranch VectorLinear VectorMath; do
  base="Base${f#Optim4Rl}"
  git -C "$ROOT" show "$REV:$PKG/$f.java" | sed -e "$rename" > "$WORK/src/$base.java"
done
cp "$ROOT/learned-optimizer/tools/kernel-ab/ABBench.java" "$WORK/src/"

tool_javac "$WORK/classes" "$WORK"/src/*.java
# shellcheck disable=SC2086
java --add-modules jdk.incubator.vector -Xmx6g ${AB_JAVA_OPTS:-} -cp "$WORK/classes:$CP" io.optim4rl.lopt.ABBench \
  "$COORDS" "$THREADS" "$REPS" 2>&1 | grep -v 'WARNING: Using incubator modules'
