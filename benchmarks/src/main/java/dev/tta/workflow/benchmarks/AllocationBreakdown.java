package dev.tta.workflow.benchmarks;

import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.context.WorkflowContext;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * What one call of the step allocates, class by class, for the generated and the hand-written step: JMH's {@code gc}
 * profiler gives the bytes per call, this names the objects behind them, after the JIT has scalar-replaced what it
 * can. It runs each implementation warm, then counts the heap's objects by class (the JVM's class histogram, taken
 * in-process) before and after a million calls. That only counts every object allocated when nothing is ever
 * collected, so it runs under the Epsilon collector and refuses any other:
 *
 * <pre>{@code
 * java -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -XX:-UseTLAB -Xms10g -Xmx10g \
 *     -cp benchmarks/target/benchmarks.jar dev.tta.workflow.benchmarks.AllocationBreakdown noSdk
 * }</pre>
 *
 * <p>({@code -XX:-UseTLAB}: without thread-local allocation buffers no filler arrays show up in the count.) The mode
 * is one of {@link TelemetrySetup}'s; in {@code sampled} mode the span processor's exporting thread allocates too,
 * and its share shows up in the counts. Not a benchmark: no timing is taken.
 */
public final class AllocationBreakdown {

    private static final int WARM_UP_CALLS = 2_000_000;
    private static final int COUNTED_CALLS = 1_000_000;
    /**
     * Calls per invocation of a loop method: few enough that the JIT compiles the method whole, as JMH's harness
     * method is, rather than replacing its running loop (OSR), which inlines and scalar-replaces differently.
     */
    private static final int BATCH = 100;
    /** A class shows up in the table when at least this many of its objects are allocated per call. */
    private static final double MIN_PER_CALL = 0.5;
    /** A line of the class histogram: rank, instances, bytes, class name (and, on newer JDKs, its module). */
    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private AllocationBreakdown() {
    }

    /**
     * Prints, as Markdown, the objects per call of each implementation.
     *
     * @param args the telemetry mode, {@code noSdk} by default
     * @throws Exception if the class histogram cannot be taken
     */
    public static void main(String[] args) throws Exception {
        requireEpsilon();
        String mode = args.length > 0 ? args[0] : TelemetrySetup.NO_SDK;
        try (TelemetrySetup telemetry = TelemetrySetup.create(mode)) {
            WorkflowTelemetry.install(telemetry.openTelemetry());
            long tokens = Body.tokens(Body.SMALL);
            InstrumentedCpuStep generated = new InstrumentedCpuStep(tokens);
            HandInstrumentedCpuStep handWritten = new HandInstrumentedCpuStep(tokens, telemetry.openTelemetry());
            WorkflowContext caller = telemetry.caller();

            System.out.printf(Locale.ROOT, "What one call allocates, %s, body %s, %,d calls counted%n%n", mode,
                    Body.SMALL, COUNTED_CALLS);
            print("hand-written OpenTelemetry", count(() -> callHandWritten(handWritten, caller)));
            print("generated `InstrumentedCpuStep`", count(() -> callGenerated(generated, caller)));
        } finally {
            WorkflowTelemetry.useGlobal();
        }
    }

    private static void requireEpsilon() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!collector.getName().startsWith("Epsilon")) {
                throw new IllegalStateException("the count needs a collector that never collects, found '"
                        + collector.getName() + "': run with -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC "
                        + "-XX:-UseTLAB -Xms10g -Xmx10g");
            }
        }
    }

    /**
     * A batch of calls of the generated step. Each implementation has a copy of this loop rather than sharing one
     * taking a {@code CpuStep}: a shared call site would see both classes, and the JIT would inline it unlike JMH's.
     */
    private static long callGenerated(InstrumentedCpuStep step, WorkflowContext caller) {
        Long input = 42L;
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += step.execute(input, caller);
        }
        return sum;
    }

    private static long callHandWritten(HandInstrumentedCpuStep step, WorkflowContext caller) {
        Long input = 42L;
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            sum += step.execute(input, caller);
        }
        return sum;
    }

    /** Runs batches until warm, then counts what a million more calls allocate. */
    private static Map<String, long[]> count(Loop batch) throws Exception {
        long sink = 0;
        for (int i = 0; i < WARM_UP_CALLS / BATCH; i++) {
            sink += batch.run();
        }
        Map<String, long[]> before = histogram();
        for (int i = 0; i < COUNTED_CALLS / BATCH; i++) {
            sink += batch.run();
        }
        Map<String, long[]> after = histogram();
        if (sink == 42) {
            System.out.println(); // keeps the loops' results alive
        }
        Map<String, long[]> perCounted = new HashMap<>();
        after.forEach((type, counts) -> {
            long[] earlier = before.getOrDefault(type, new long[2]);
            perCounted.put(type, new long[] {counts[0] - earlier[0], counts[1] - earlier[1]});
        });
        return perCounted;
    }

    /** Instances and bytes by class, of every object on the heap, reachable or not. */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[] {"-all"}}, new String[] {String[].class.getName()});
        Map<String, long[]> counts = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher matcher = HISTOGRAM_LINE.matcher(line);
            if (matcher.find()) {
                counts.put(matcher.group(3), new long[] {Long.parseLong(matcher.group(1)),
                        Long.parseLong(matcher.group(2))});
            }
        }
        return counts;
    }

    private static void print(String implementation, Map<String, long[]> counted) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, long[]> entry : counted.entrySet()) {
            total += entry.getValue()[1];
            if (entry.getValue()[0] >= MIN_PER_CALL * COUNTED_CALLS) {
                rows.add(entry);
            }
        }
        rows.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        System.out.printf(Locale.ROOT, "%s: %.1f B per call%n%n| class | objects per call | B per call |%n"
                + "| --- | ---: | ---: |%n", implementation, total / COUNTED_CALLS);
        for (Map.Entry<String, long[]> row : rows) {
            System.out.printf(Locale.ROOT, "| `%s` | %.2f | %.1f |%n", row.getKey(),
                    row.getValue()[0] / (double) COUNTED_CALLS, row.getValue()[1] / (double) COUNTED_CALLS);
        }
        System.out.println();
    }

    @FunctionalInterface
    private interface Loop {
        long run();
    }
}
