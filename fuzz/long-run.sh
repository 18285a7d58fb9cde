#!/usr/bin/env bash
# The long fuzzing run (docs/RELIABILITY.md): each per-format fuzz test in its own JVM for
# SECONDS (default 600), one after another; a finding fails that target and the run goes on.
# Usage: fuzz/long-run.sh [SECONDS] [Target ...]   e.g. fuzz/long-run.sh 600 NpyFuzzTest
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(FrameDecoderFuzzTest BoardSessionFuzzTest ImageReaderFuzzTest ImageSectionsFuzzTest RawNetworkFuzzTest
           TraceFuzzTest NpyFuzzTest CsvFuzzTest NativeNetworkFuzzTest KerasModelFuzzTest KerasJsonFuzzTest SettingsFuzzTest NirFuzzTest
           HostSessionFuzzTest)
fi
logs=fuzz/target/long-run
mkdir -p "$logs"
failed=0
for t in "${targets[@]}"; do
  # The reactor builds the modules fuzz needs (nothing goes into ~/.m2); -Dtest keeps every
  # other test out, and the fuzz-short execution then fuzzes only this target.
  ./mvnw -B -pl fuzz -am verify -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfuzz.target="$t" -Dfuzz.seconds="$seconds" -Dfuzz.runs=-1 >"$logs/$t.log" 2>&1
  status=$?
  runs=$(grep -a -E '^Done [0-9]+ runs' "$logs/$t.log" | tail -1)
  echo "$t: exit=$status ${runs:-no fuzzing summary}"
  [ $status -eq 0 ] || failed=1
done
exit $failed
