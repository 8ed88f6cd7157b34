package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.ORDER;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loads the generated classes and runs them against the real runtime and an in-memory OpenTelemetry SDK: the
 * generated {@code execute} must open a child span of the caller's, hand the step a context carrying that span,
 * and rethrow the step's exception untouched.
 */
class GeneratedBehaviourTest {

    private static final JavaFileObject VALIDATE = source("com.acme.Validate", """
            package com.acme;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.Observed;

            @Observed
            public class Validate extends WorkflowPrimitive<Order, Order> {
                /** The context the step was given, for the test to inspect. */
                public WorkflowContext seen;

                @Override
                public Order execute(Order order, WorkflowContext context) throws Exception {
                    seen = context;
                    return order;
                }
            }
            """);

    /** Throws what it is given; its parameter is named like the generated catch variable. */
    private static final JavaFileObject FAIL = source("com.acme.Fail", """
            package com.acme;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.Observed;

            @Observed
            public class Fail extends WorkflowPrimitive<Throwable, String> {
                @Override
                public String execute(Throwable failure, WorkflowContext context) throws Exception {
                    if (failure instanceof Error error) {
                        throw error;
                    }
                    throw (Exception) failure;
                }
            }
            """);

    private static final JavaFileObject UPPER = source("com.acme.Upper", """
            package com.acme;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.Observed;
            import java.util.Locale;

            @Observed(name = "upper-case")
            class Upper<T extends CharSequence> extends WorkflowPrimitive<T, String> {
                @Override
                public String execute(T text, WorkflowContext context) {
                    return text.toString().toUpperCase(Locale.ROOT);
                }
            }
            """);

    private static CompiledClassLoader loader;

    private InMemorySpanExporter spans;
    private OpenTelemetrySdk sdk;

    @BeforeAll
    static void compileSteps() {
        Compilation compilation = compile(ORDER, VALIDATE, FAIL, UPPER);
        assertThat(compilation).succeededWithoutWarnings();
        loader = new CompiledClassLoader(compilation);
    }

    @BeforeEach
    void installSdk() {
        spans = InMemorySpanExporter.create();
        SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build();
        sdk = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
        WorkflowTelemetry.install(sdk);
    }

    @AfterEach
    void uninstallSdk() {
        WorkflowTelemetry.useGlobal();
        sdk.close();
    }

    @Test
    void executeRunsInAChildSpanOfTheCallersSpan() throws Exception {
        WorkflowPrimitive<Object, Object> step = instantiate("com.acme.InstrumentedValidate");
        Object order = loader.loadClass("com.acme.Order").getConstructor(String.class, int.class)
                .newInstance("o-1", 2);
        Span caller = sdk.getTracer("test").spanBuilder("caller").startSpan();
        WorkflowContext context = WorkflowContext.start("checkout").withOtelContext(Context.root().with(caller));

        Object result = step.execute(order, context);
        caller.end();

        assertSame(order, result);
        SpanData span = onlySpan("Validate");
        assertEquals(caller.getSpanContext().getTraceId(), span.getTraceId());
        assertEquals(caller.getSpanContext().getSpanId(), span.getParentSpanId());
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertEquals("com/acme/Validate.java", span.getAttributes().get(TelemetryNames.CODE_FILE_PATH),
                "the source file, relative to the source root, fixed at compile time");
        assertEquals(13L, span.getAttributes().get(TelemetryNames.CODE_LINE_NUMBER), "the line of execute");
        // The step ran with a context whose span is its own, so what it calls nests under it.
        WorkflowContext seen = (WorkflowContext) step.getClass().getField("seen").get(step);
        assertEquals(span.getSpanId(), seen.spanId());
        assertEquals("checkout", seen.workflowName());
        assertEquals("Validate", step.name());
        assertEquals("com.acme.Validate", step.getClass().getSuperclass().getName());
    }

    @Test
    void aCheckedExceptionIsRethrownUnchangedAndTheSpanFails() {
        WorkflowPrimitive<Object, Object> step = instantiate("com.acme.InstrumentedFail");
        IOException failure = new IOException("disk full");
        StackTraceElement[] trace = failure.getStackTrace();

        IOException thrown = assertThrows(IOException.class,
                () -> step.execute(failure, WorkflowContext.start("import")));

        assertSame(failure, thrown);
        assertEquals(0, thrown.getSuppressed().length);
        assertEquals(List.of(trace), List.of(thrown.getStackTrace()));
        SpanData span = onlySpan("Fail");
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertFalse(span.getParentSpanContext().isValid(), "a fresh workflow context has no parent span");
        assertTrue(span.getEvents().stream().anyMatch(event -> event.getName().equals("exception")),
                span::toString);
    }

    @Test
    void anErrorIsRethrownUnchanged() {
        WorkflowPrimitive<Object, Object> step = instantiate("com.acme.InstrumentedFail");
        Error failure = new Error("simulated");

        Error thrown = assertThrows(Error.class, () -> step.execute(failure, WorkflowContext.start("import")));

        assertSame(failure, thrown);
        assertEquals(StatusCode.ERROR, onlySpan("Fail").getStatus().getStatusCode());
    }

    @Test
    void theNameFromTheAnnotationNamesSpanAndStep() throws Exception {
        WorkflowPrimitive<Object, Object> step = instantiate("com.acme.InstrumentedUpper");

        assertEquals("ABC", step.execute("abc", WorkflowContext.start("text")));

        assertEquals("upper-case", step.name());
        assertEquals("upper-case", step.toString());
        assertEquals("upper-case", onlySpan("upper-case").getName());
        assertFalse(Modifier.isPublic(step.getClass().getModifiers()), "package-private like Upper");
    }

    @Test
    void runsWithoutAnySdk() throws Exception {
        WorkflowTelemetry.useGlobal();
        WorkflowPrimitive<Object, Object> step = instantiate("com.acme.InstrumentedUpper");

        assertEquals("X", step.execute("x", WorkflowContext.start("text")));
        assertTrue(spans.getFinishedSpanItems().isEmpty());
    }

    private SpanData onlySpan(String name) {
        List<SpanData> named = spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name))
                .toList();
        assertEquals(1, named.size(), () -> "spans: " + spans.getFinishedSpanItems());
        return named.get(0);
    }

    @SuppressWarnings("unchecked")
    private static WorkflowPrimitive<Object, Object> instantiate(String className) {
        try {
            var constructor = loader.loadClass(className).getDeclaredConstructor();
            constructor.setAccessible(true);
            return (WorkflowPrimitive<Object, Object>) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + className, e);
        }
    }
}
