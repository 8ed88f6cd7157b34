package dev.tta.workflow.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of a few hundred random but valid shapes ({@link CorpusGenerator}) goes through the processor:
 * every unit must compile without a single warning under {@code -Xlint:all -Werror}, and calling each of its methods
 * under a parent span must produce exactly one span, named as expected and a child of that parent, failed exactly
 * when the method fails; or none at all for a method that is not traced.
 *
 * <p>Reproducible: {@code -Dcorpus.seed=N} picks another corpus, {@code -Dcorpus.size=N} its size (default 300); a
 * failure names the seed.
 */
class CorpusTest {

    private static final long SEED = Long.getLong("corpus.seed", 20261124L);
    private static final int SIZE = Integer.getInteger("corpus.size", 300);

    @Test
    void everyShapeCompilesWithoutWarningsAndEveryCallMakesOneChildSpan() throws Exception {
        CorpusGenerator generator = new CorpusGenerator(SEED);
        List<JavaFileObject> sources = new ArrayList<>(CorpusGenerator.support());
        for (int i = 0; i < SIZE; i++) {
            sources.addAll(generator.unit(i));
        }
        Compilation compilation = Sources.compile(sources.toArray(JavaFileObject[]::new));
        List<Diagnostic<? extends JavaFileObject>> problems = compilation.diagnostics().stream()
                .filter(diagnostic -> diagnostic.getKind() != Diagnostic.Kind.NOTE)
                .collect(Collectors.toList());
        if (compilation.status() != Compilation.Status.SUCCESS || !problems.isEmpty()) {
            fail("corpus seed " + SEED + " did not compile cleanly:\n" + describe(problems));
        }
        assertEquals(SIZE, compilation.generatedSourceFiles().size(), "one generated class per unit");

        CompiledClassLoader loader = new CompiledClassLoader(compilation);
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .build();
        WorkflowTelemetry.install(sdk);
        List<String> failures = new ArrayList<>();
        int calls = 0;
        int[] kinds = new int[4]; // traced, untraced, failing, completed later
        try {
            for (int i = 0; i < SIZE; i++) {
                List<?> driverCalls = (List<?>) loader.load("corpus.D" + i).getMethod("calls").invoke(null);
                for (Object call : driverCalls) {
                    calls++;
                    String problem = check(sdk, spans, call, kinds);
                    if (problem != null) {
                        failures.add("D" + i + " " + field(call, "description") + ": " + problem);
                    }
                }
            }
        } finally {
            WorkflowTelemetry.useGlobal();
            sdk.close();
        }
        assertEquals(generator.methodCount(), calls);
        int total = calls;
        assertTrue(failures.isEmpty(), () -> "corpus seed " + SEED + ", " + failures.size() + " of " + total
                + " calls wrong:\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        // Not vacuous: every kind of call is there, many times over.
        for (int kind : kinds) {
            assertTrue(kind >= SIZE / 20, () -> "too few calls of a kind (traced, untraced, failing, async): "
                    + java.util.Arrays.toString(kinds));
        }
    }

    /** Runs one call under a parent span; returns what is wrong with its spans, or null. */
    private static String check(OpenTelemetrySdk sdk, InMemorySpanExporter spans, Object call, int[] kinds)
            throws Exception {
        String expected = (String) field(call, "span");
        boolean fails = (Boolean) field(call, "fails");
        Callable<?> action = (Callable<?>) field(call, "action");
        spans.reset();
        Span parent = sdk.getTracer("corpus").spanBuilder("parent").startSpan();
        Object result = null;
        Exception thrown = null;
        try (Scope ignored = parent.makeCurrent()) {
            result = action.call();
        } catch (Exception e) {
            thrown = e;
        }
        if (result instanceof CompletionStage<?> stage) {
            CompletableFuture<?> future = stage.toCompletableFuture();
            if (!future.isDone()) {
                if (!spans.getFinishedSpanItems().isEmpty()) {
                    return "a span ended before its future completed: " + spans.getFinishedSpanItems();
                }
                kinds[3]++;
                future.complete(null);
            }
        }
        parent.end();
        if (thrown != null && !(fails && thrown instanceof IOException)) {
            return "threw " + thrown;
        }
        List<SpanData> finished = spans.getFinishedSpanItems().stream()
                .filter(span -> !span.getName().equals("parent")).toList();
        kinds[expected == null ? 1 : 0]++;
        kinds[2] += fails ? 1 : 0;
        if (expected == null) {
            return finished.isEmpty() ? null : "expected no span, got " + finished;
        }
        if (finished.size() != 1) {
            return "expected one span " + expected + ", got " + finished;
        }
        SpanData span = finished.get(0);
        if (!span.getName().equals(expected)) {
            return "expected span " + expected + ", got " + span.getName();
        }
        if (!span.getParentSpanId().equals(parent.getSpanContext().getSpanId())) {
            return "span " + expected + " is not a child of the caller's span";
        }
        if ((span.getStatus().getStatusCode() == StatusCode.ERROR) != fails) {
            return "span " + expected + " has status " + span.getStatus() + ", expected failure: " + fails;
        }
        if (span.getAttributes().get(TelemetryNames.CODE_FUNCTION_NAME) == null) {
            return "span " + expected + " has no code.function.name";
        }
        return null;
    }

    private static Object field(Object record, String name) throws ReflectiveOperationException {
        return record.getClass().getMethod(name).invoke(record);
    }

    private static String describe(List<Diagnostic<? extends JavaFileObject>> problems) {
        StringBuilder text = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> problem : problems.subList(0, Math.min(10, problems.size()))) {
            text.append(problem.getKind()).append(' ')
                    .append(problem.getSource() == null ? "" : problem.getSource().getName())
                    .append(':').append(problem.getLineNumber()).append(' ').append(problem.getMessage(null))
                    .append('\n');
            if (problem.getSource() != null) {
                try {
                    text.append(problem.getSource().getCharContent(true)).append('\n');
                } catch (IOException e) {
                    text.append("(source unavailable)\n");
                }
            }
        }
        return text.toString();
    }
}
