#!/usr/bin/env bash
# Runs the JMH suite and prints the tables of BENCHMARKS.md.
#
#   benchmarks/run.sh quick   # a few minutes: 1 fork, short iterations, average time, allocation per call
#   benchmarks/run.sh full    # about two hours: 3 forks, 10 x 1 s iterations, average time and throughput
#   benchmarks/run.sh smoke   # a minute or two: every benchmark once, to check the suite runs; numbers meaningless
#
# JAVA=/path/to/bin/java picks another JVM. Extra arguments go to every JMH run (e.g. -p body=small).
# Results (JMH CSV and text, and the report as Markdown) land in benchmarks/target/results/<profile>-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-}"
# CPU time of the whole JVM per call (all threads, the span exporter's included): see CpuTimeProfiler.
cpu_profiler=dev.tta.workflow.benchmarks.CpuTimeProfiler
shift || true
case "$profile" in
  quick)
    # 6 warm-up iterations: on a 2-core machine the SDK paths need about 5 s of JIT before they settle.
    common=(-f 1 -wi 6 -w 1s -i 5 -r 500ms -bm avgt -tu ns -prof gc -prof "$cpu_profiler")
    step_params=()
    alternative_params=(-p body=small)
    agent_params=(-p body=small)
    composition_params=(-p mode=sampled)
    concurrency_params=(-p mode=sampled)
    ;;
  full)
    common=(-f 3 -wi 6 -w 1s -i 10 -r 1s -bm avgt,thrpt -tu us -prof gc -prof "$cpu_profiler")
    step_params=()
    alternative_params=()
    agent_params=()
    composition_params=()
    concurrency_params=()
    ;;
  smoke)
    common=(-f 1 -wi 1 -w 100ms -i 1 -r 100ms -bm avgt -tu ns)
    step_params=(-p body=small)
    alternative_params=(-p body=small)
    agent_params=(-p body=small)
    composition_params=(-p mode=sampled)
    concurrency_params=(-p mode=sampled)
    ;;
  *)
    echo "usage: benchmarks/run.sh quick|full|smoke [JMH options]" >&2
    exit 2
    ;;
esac

java_cmd="${JAVA:-java}"
jar=benchmarks/target/benchmarks.jar
agent=benchmarks/target/agent/opentelemetry-javaagent.jar
if [ ! -f "$jar" ] || [ ! -f "$agent" ]; then
  ./mvnw -q -B -pl benchmarks -am package -DskipTests
fi

out="benchmarks/target/results/$profile-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
{
  echo "profile: $profile"
  "$java_cmd" -version 2>&1
  echo "cpus: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo || true
  uptime
} | tee "$out/machine.txt"

# run NAME PATTERN [JMH options...]
run() {
  local name="$1"
  shift
  "$java_cmd" -jar "$jar" "$@" "${common[@]}" -rf csv -rff "$out/$name.csv" "${extra[@]}" | tee "$out/$name.txt"
}
extra=("$@")

run step 'StepBenchmark' "${step_params[@]}"
run lazylogs 'LazyLogIdsBenchmark' "${alternative_params[@]}"
run micrometer 'MicrometerBenchmark' "${alternative_params[@]}"
# The agent's JVM: its exporters off (no collector here), its sampler left at the default (parent-based).
run agent 'AgentBenchmark' "${agent_params[@]}" -jvmArgsPrepend \
  "-javaagent:$agent -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none"
# Like for like: the agent's spans through a batch processor into a dropping exporter (an agent extension).
run agentexporting 'AgentExportingBenchmark' "${agent_params[@]}" -jvmArgsPrepend \
  "-javaagent:$agent -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none"
run composition 'CompositionBenchmark' "${composition_params[@]}"
run concurrency 'ConcurrencyBenchmark' "${concurrency_params[@]}"

"$java_cmd" -cp "$jar" dev.tta.workflow.benchmarks.Report "$out"/*.csv | tee "$out/report.md"
echo "Results in $out"
