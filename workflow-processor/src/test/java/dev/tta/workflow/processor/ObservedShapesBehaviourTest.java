package dev.tta.workflow.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tta.workflow.processor.Sources.ORDER;
import static dev.tta.workflow.processor.Sources.compile;
import static dev.tta.workflow.processor.Sources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compiles a class, an interface, an abstract class, an inner class of a generic outer and a step with traced
 * methods through the processor, and runs the generated code against the real runtime and an in-memory SDK.
 */
class ObservedShapesBehaviourTest {

    private static final JavaFileObject BILLING = source("com.acme.Billing", """
            package com.acme;

            import dev.tta.workflow.annotations.Observed;
            import java.io.IOException;
            import java.util.List;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.CompletionStage;

            @Observed
            public class Billing {
                @SuppressWarnings("this-escape") // JDK 21+ lint; the point of the test
                public Billing() {
                    warmUp(); // runs the override before InstrumentedBilling is initialised
                }

                public void warmUp() {
                }

                public String charge(@Observed.Attribute("order.id") String orderId, @Observed.Attribute long cents)
                        throws IOException {
                    if (cents < 0) {
                        throw new IOException("negative amount");
                    }
                    return audit(orderId);
                }

                public String audit(String orderId) {
                    return "audited " + orderId;
                }

                @Observed.Exclude
                public String quiet() {
                    return "quiet";
                }

                public CompletableFuture<String> settle(CompletableFuture<String> pending) {
                    return pending;
                }

                public CompletionStage<String> refuse() {
                    return CompletableFuture.failedFuture(new IllegalStateException("refused"));
                }

                public CompletableFuture<String> broken() {
                    throw new IllegalArgumentException("no future");
                }

                public String attributes(@Observed.Attribute int i, @Observed.Attribute Integer boxed,
                        @Observed.Attribute double d, @Observed.Attribute float f, @Observed.Attribute boolean b,
                        @Observed.Attribute Boolean missing, @Observed.Attribute char c,
                        @Observed.Attribute String[] tags, @Observed.Attribute List<String> names,
                        @Observed.Attribute int[] counts, @Observed.Attribute List<Double> ratios,
                        @Observed.Attribute boolean[] flags, @Observed.Attribute Order order,
                        @Observed.Attribute short s, @Observed.Attribute Float boxedFloat,
                        @Observed.Attribute byte[] bytes, @Observed.Attribute List<? extends Boolean> answers,
                        @Observed.Attribute Object[] objects) {
                    return "ok";
                }
            }
            """);

    private static final JavaFileObject PRICING = source("com.acme.Pricing", """
            package com.acme;

            import dev.tta.workflow.annotations.Observed;

            @Observed(name = "pricing")
            public interface Pricing {
                long price(@Observed.Attribute("sku") String sku);

                default long total(String... skus) {
                    long total = 0;
                    for (String sku : skus) {
                        total += price(sku);
                    }
                    return total;
                }

                @Observed.Exclude
                String version();
            }
            """);

    private static final JavaFileObject FIXED_PRICING = source("com.acme.FixedPricing", """
            package com.acme;

            public class FixedPricing implements Pricing {
                @Override
                public long price(String sku) {
                    if (sku.isEmpty()) {
                        throw new IllegalArgumentException("empty sku");
                    }
                    return sku.length();
                }

                @Override
                public String version() {
                    return "v1";
                }
            }
            """);

    private static final JavaFileObject REPORT = source("com.acme.Report", """
            package com.acme;

            import dev.tta.workflow.annotations.Observed;

            @Observed
            public abstract class Report {
                public String render(String title) {
                    return header(title) + body();
                }

                protected String header(String title) {
                    return title + ": ";
                }

                protected abstract String body();
            }
            """);

    private static final JavaFileObject SALES_REPORT = source("com.acme.SalesReport", """
            package com.acme;

            public class SalesReport extends InstrumentedReport {
                @Override
                protected String body() {
                    return "sales";
                }
            }
            """);

    private static final JavaFileObject SHELF = source("com.acme.Shelf", """
            package com.acme;

            import dev.tta.workflow.annotations.Observed;
            import java.util.List;

            public class Shelf<T> {
                final List<T> items;

                public Shelf(List<T> items) {
                    this.items = items;
                }

                @Observed
                public class Picker {
                    public T pick(int index) {
                        return items.get(index);
                    }
                }
            }
            """);

    private static final JavaFileObject QUOTE = source("com.acme.Quote", """
            package com.acme;

            import dev.tta.workflow.context.WorkflowContext;
            import dev.tta.workflow.WorkflowPrimitive;
            import dev.tta.workflow.annotations.Observed;

            @Observed
            public class Quote extends WorkflowPrimitive<String, Long> {
                @Override
                public Long execute(@Observed.Attribute("sku") String sku, WorkflowContext context) {
                    return compute(sku);
                }

                @Observed
                protected long compute(String sku) {
                    return sku.length() * 100L;
                }
            }
            """);

    private static CompiledClassLoader loader;

    private InMemorySpanExporter spans;
    private OpenTelemetrySdk sdk;

    @BeforeAll
    static void compileShapes() {
        Compilation compilation = compile(ORDER, BILLING, PRICING, FIXED_PRICING, REPORT, SALES_REPORT, SHELF, QUOTE);
        assertThat(compilation).succeededWithoutWarnings();
        loader = new CompiledClassLoader(compilation);
    }

    @BeforeEach
    void installSdk() {
        spans = InMemorySpanExporter.create();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .build();
        WorkflowTelemetry.install(sdk);
    }

    @AfterEach
    void uninstallSdk() {
        WorkflowTelemetry.useGlobal();
        sdk.close();
    }

    @Test
    void aMethodRunsInAChildSpanOfTheCurrentSpanAndSelfInvocationNestsUnderIt() {
        Object billing = create("com.acme.InstrumentedBilling");
        spans.reset();
        Span caller = sdk.getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            assertEquals("audited o-1", call(billing, "charge", "o-1", 250L));
        }
        caller.end();

        SpanData charge = only("Billing.charge");
        SpanData audit = only("Billing.audit");
        assertEquals(caller.getSpanContext().getSpanId(), charge.getParentSpanId());
        assertEquals(charge.getSpanId(), audit.getParentSpanId(), "this.audit() goes through the override");
        assertEquals("o-1", charge.getAttributes().get(AttributeKey.stringKey("order.id")));
        assertEquals(250L, charge.getAttributes().get(AttributeKey.longKey("cents")));
        assertEquals("com.acme.Billing.charge", charge.getAttributes().get(TelemetryNames.CODE_FUNCTION_NAME));
        assertEquals(TelemetryNames.TYPE_STEP, charge.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(StatusCode.UNSET, charge.getStatus().getStatusCode());
    }

    @Test
    void aConstructorCallingATracedMethodFindsTheTelemetryReady() {
        create("com.acme.InstrumentedBilling");
        assertEquals(SpanId.getInvalid(), only("Billing.warmUp").getParentSpanId());
    }

    @Test
    void aCheckedExceptionIsRethrownUnchangedAndTheSpanFails() {
        Object billing = create("com.acme.InstrumentedBilling");
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> method(billing, "charge").invoke(billing, "o-2", -1L));
        assertTrue(thrown.getCause() instanceof IOException, thrown::toString);
        assertEquals(0, thrown.getCause().getSuppressed().length);
        SpanData charge = only("Billing.charge");
        assertEquals(StatusCode.ERROR, charge.getStatus().getStatusCode());
        assertEquals(IOException.class.getName(), charge.getAttributes().get(TelemetryNames.ERROR_TYPE));
    }

    @Test
    void excludedMethodsAreNotTraced() {
        Object billing = create("com.acme.InstrumentedBilling");
        spans.reset();
        assertEquals("quiet", call(billing, "quiet"));
        assertTrue(spans.getFinishedSpanItems().isEmpty(), spans.getFinishedSpanItems()::toString);
    }

    @Test
    void anAsyncMethodReturnsTheSameFutureAndEndsItsSpanWhenItCompletes() {
        Object billing = create("com.acme.InstrumentedBilling");
        CompletableFuture<String> pending = new CompletableFuture<>();
        Object returned = call(billing, "settle", pending);

        assertSame(pending, returned, "the caller's future, so cancel() reaches the work");
        assertTrue(named("Billing.settle").isEmpty(), "still running");
        pending.complete("settled");
        assertEquals(StatusCode.UNSET, only("Billing.settle").getStatus().getStatusCode());

        CompletableFuture<String> cancelled = new CompletableFuture<>();
        ((CompletableFuture<?>) call(billing, "settle", cancelled)).cancel(true);
        assertTrue(cancelled.isCancelled());
        assertEquals(2, named("Billing.settle").size());
    }

    @Test
    void aFailedStageMarksTheSpanAndAThrowingAsyncMethodToo() {
        Object billing = create("com.acme.InstrumentedBilling");
        CompletionStage<?> refused = (CompletionStage<?>) call(billing, "refuse");
        assertTrue(refused.toCompletableFuture().isCompletedExceptionally());
        assertEquals(IllegalStateException.class.getName(),
                only("Billing.refuse").getAttributes().get(TelemetryNames.ERROR_TYPE));

        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> method(billing, "broken").invoke(billing));
        assertTrue(thrown.getCause() instanceof IllegalArgumentException);
        assertEquals(StatusCode.ERROR, only("Billing.broken").getStatus().getStatusCode());
    }

    @Test
    void parameterAttributesKeepTheirOpenTelemetryTypes() throws Exception {
        Object billing = create("com.acme.InstrumentedBilling");
        Object order = loader.load("com.acme.Order").getConstructor(String.class, int.class).newInstance("o-9", 3);
        call(billing, "attributes", 7, 8, 0.5, 1.5f, true, null, 'x', new String[] {"a", "b"}, List.of("n"),
                new int[] {1, 2}, List.of(0.25), new boolean[] {true}, order, (short) 4, 2.5f, new byte[] {9},
                List.of(false), new Object[] {"o", 1});

        Attributes attributes = only("Billing.attributes").getAttributes();
        assertEquals(7L, attributes.get(AttributeKey.longKey("i")));
        assertEquals(8L, attributes.get(AttributeKey.longKey("boxed")));
        assertEquals(0.5, attributes.get(AttributeKey.doubleKey("d")));
        assertEquals(1.5, attributes.get(AttributeKey.doubleKey("f")));
        assertEquals(true, attributes.get(AttributeKey.booleanKey("b")));
        assertNull(attributes.get(AttributeKey.booleanKey("missing")), "a null value records nothing");
        assertEquals("x", attributes.get(AttributeKey.stringKey("c")));
        assertEquals(List.of("a", "b"), attributes.get(AttributeKey.stringArrayKey("tags")));
        assertEquals(List.of("n"), attributes.get(AttributeKey.stringArrayKey("names")));
        assertEquals(List.of(1L, 2L), attributes.get(AttributeKey.longArrayKey("counts")));
        assertEquals(List.of(0.25), attributes.get(AttributeKey.doubleArrayKey("ratios")));
        assertEquals(List.of(true), attributes.get(AttributeKey.booleanArrayKey("flags")));
        assertEquals("Order[id=o-9, quantity=3]", attributes.get(AttributeKey.stringKey("order")));
        assertEquals(4L, attributes.get(AttributeKey.longKey("s")));
        assertEquals(2.5, attributes.get(AttributeKey.doubleKey("boxedFloat")));
        assertEquals(List.of(9L), attributes.get(AttributeKey.longArrayKey("bytes")));
        assertEquals(List.of(false), attributes.get(AttributeKey.booleanArrayKey("answers")));
        assertEquals("[o, 1]", attributes.get(AttributeKey.stringKey("objects")));
    }

    @Test
    void anInterfaceDecoratorTracesAndForwardsToTheDelegate() throws Exception {
        Object delegate = loader.load("com.acme.FixedPricing").getConstructor().newInstance();
        Class<?> pricing = loader.load("com.acme.Pricing");
        Object decorator = loader.load("com.acme.InstrumentedPricing").getConstructor(pricing).newInstance(delegate);

        assertEquals(3L, call(decorator, "price", "abc"));
        assertEquals(5L, call(decorator, "total", (Object) new String[] {"ab", "cde"}));
        assertEquals("v1", call(decorator, "version"));

        assertEquals("abc", only("pricing.price").getAttributes().get(AttributeKey.stringKey("sku")));
        // The delegate's own calls to price() stay inside the delegate: a decorator sees only calls made on it.
        assertEquals(1, named("pricing.price").size());
        assertEquals(1, named("pricing.total").size());
        assertTrue(named("pricing.version").isEmpty());
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                () -> method(decorator, "price").invoke(decorator, ""));
        assertTrue(thrown.getCause() instanceof IllegalArgumentException);
        InvocationTargetException nullDelegate = assertThrows(InvocationTargetException.class,
                () -> loader.load("com.acme.InstrumentedPricing").getConstructor(pricing).newInstance((Object) null));
        assertEquals("delegate must not be null", nullDelegate.getCause().getMessage());
    }

    @Test
    void theGeneratedAbstractClassIsExtendedAndTracesItsConcreteMethods() {
        Object report = create("com.acme.SalesReport");
        assertEquals("Q3: sales", call(report, "render", "Q3"));
        SpanData render = only("Report.render");
        assertEquals(render.getSpanId(), only("Report.header").getParentSpanId());
        assertTrue(named("Report.body").isEmpty(), "abstract in Report: the subclass implements it untraced");
    }

    @Test
    void anInnerClassIsCreatedWithItsEnclosingInstance() throws Exception {
        Class<?> shelfClass = loader.load("com.acme.Shelf");
        Object shelf = shelfClass.getConstructor(List.class).newInstance(List.of("x", "y"));
        Object picker = loader.load("com.acme.InstrumentedShelf_Picker").getConstructor(shelfClass)
                .newInstance(shelf);
        assertEquals("y", call(picker, "pick", 1));
        assertEquals(1, named("Picker.pick").size());
    }

    @Test
    void aStepsTracedMethodsNestUnderItsExecuteSpan() throws Exception {
        @SuppressWarnings("unchecked")
        WorkflowPrimitive<Object, Object> quote = (WorkflowPrimitive<Object, Object>) create("com.acme.InstrumentedQuote");
        assertEquals(300L, quote.execute("abc", WorkflowContext.start("quote")));
        SpanData step = only("Quote");
        assertEquals(step.getSpanId(), only("Quote.compute").getParentSpanId());
        assertEquals("abc", step.getAttributes().get(AttributeKey.stringKey("sku")));
        assertEquals("quote", step.getAttributes().get(TelemetryNames.WORKFLOW_NAME));
        // The method runs inside the step: it counts under the step's workflow, as the generated artifacts expect.
        assertEquals("quote", only("Quote.compute").getAttributes().get(TelemetryNames.WORKFLOW_NAME));
    }

    private List<SpanData> named(String name) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).toList();
    }

    private SpanData only(String name) {
        List<SpanData> named = named(name);
        assertEquals(1, named.size(), () -> "spans: " + spans.getFinishedSpanItems());
        return named.get(0);
    }

    private static Object create(String className) {
        try {
            return loader.load(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot instantiate " + className, e);
        }
    }

    private static Method method(Object target, String name) {
        return Arrays.stream(target.getClass().getMethods()).filter(method -> method.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no method " + name + " on " + target.getClass()));
    }

    private static Object call(Object target, String name, Object... arguments) {
        try {
            return method(target, name).invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw new AssertionError(name + " threw", e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
