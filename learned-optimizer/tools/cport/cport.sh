#!/usr/bin/env bash
# A C port of the Optim4RL vector kernel (kbench.c: the same algorithm, operation order, layout and
# recompute-in-backward as Optim4RlVectorKernel, W = 16 coordinates per pass, explicit FMAs), used as a
# yardstick for what the JIT leaves on the table. Not part of the build; needs gcc with OpenMP.
#   learned-optimizer/tools/cport/cport.sh check                              bit-for-bit check against the Java kernel
#   learned-optimizer/tools/cport/cport.sh bench [COORDS=1000000] [THREADS=2] [ROUNDS=4]
#   learned-optimizer/tools/cport/cport.sh store [COORDS=1000000] [THREADS=2] [ROUNDS=3]
# `bench` alternates the C benchmark and `KernelBenchmark` (Java), each in a fresh process, and prints every
# repetition of both; a C probe (10 scalar FMA chains) runs on all threads before each process.
# `store` checks the -DSTORE build (activations kept by the forward, read back by the backward instead of
# recomputed) against the Java dump, then alternates it with the normal build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HERE="$ROOT/learned-optimizer/tools/cport"
WHAT="${1:?usage: cport.sh check | cport.sh bench|store [COORDS] [THREADS] [ROUNDS]}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# shellcheck source=../tool-env.sh
source "$ROOT/learned-optimizer/tools/tool-env.sh"
tool_javac "$WORK/classes" "$HERE/CportDump.java"
GCC=(gcc -O2 -march=native -mavx2 -mfma -ffp-contract=off -fopenmp)
"${GCC[@]}" -o "$WORK/kbench" "$HERE/kbench.c" -lm
# the port has 8 lanes (AVX2): pin the Java kernel to 8 lanes too, also on AVX-512 hosts (16 by default there)
JAVA=(java --add-modules jdk.incubator.vector -XX:MaxVectorSize=32 -Xmx6g -cp "$WORK/classes:$CP")
# the Java kernel's inputs and outputs on 50,000 coordinates (M = 4, seed 1, [16,16] heads)
"${JAVA[@]}" io.optim4rl.lopt.CportDump "$WORK/ref.bin" 50000 2>&1 | grep -v 'WARNING: Using incubator modules' >&2

case "$WHAT" in
  check)
    "$WORK/kbench" --check "$WORK/ref.bin" --threads 1
    "$WORK/kbench" --check "$WORK/ref.bin" --threads 2
    ;;
  bench)
    COORDS="${2:-1000000}"; THREADS="${3:-2}"; ROUNDS="${4:-4}"
    for r in $(seq 1 "$ROUNDS"); do
      echo "## round $r: C"; "$WORK/kbench" --probe 5 --threads "$THREADS"
      "$WORK/kbench" --weights "$WORK/ref.bin" --coords "$COORDS" --threads "$THREADS" --reps 5
      echo "## round $r: Java"; "$WORK/kbench" --probe 5 --threads "$THREADS"
      "${JAVA[@]}" io.optim4rl.lopt.KernelBenchmark --coords "$COORDS" --threads "$THREADS" --reps 5 --verbose 2>&1 \
        | grep -v 'WARNING: Using incubator modules'
    done
    ;;
  store)
    COORDS="${2:-1000000}"; THREADS="${3:-2}"; ROUNDS="${4:-3}"
    "${GCC[@]}" -DSTORE -o "$WORK/kbench_store" "$HERE/kbench.c" -lm
    "$WORK/kbench_store" --check "$WORK/ref.bin" --threads "$THREADS"
    for r in $(seq 1 "$ROUNDS"); do
      for v in kbench kbench_store; do
        echo "## round $r: $v"
        "$WORK/$v" --weights "$WORK/ref.bin" --coords "$COORDS" --threads "$THREADS" --reps 5
      done
    done
    ;;
  *) echo "cport.sh: unknown command $WHAT (check, bench or store)" >&2; exit 2 ;;
esac
