package dev.tta.workflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.it.services.InstrumentedInventoryClient;
import dev.tta.workflow.it.services.InstrumentedPlaceOrder;
import dev.tta.workflow.it.services.InstrumentedShippingService;
import dev.tta.workflow.it.services.InventoryClient;
import dev.tta.workflow.it.services.ShippingService;
import dev.tta.workflow.it.services.VolumeDiscount;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shapes of code users already have, compiled by the real build (with {@code -Xlint:all -Werror}) and run against
 * the SDK: a service class with method-level {@code @Observed} and an asynchronous method, an interface decorator, an
 * abstract class, and a workflow step that calls them.
 */
class ObservedServicesTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private Sdk sdk;

    @BeforeEach
    void install() {
        sdk = Sdk.installed();
    }

    @AfterEach
    void close() {
        sdk.close();
        executor.shutdownNow();
    }

    /** An implementation the application does not own. */
    private static final class StubInventory implements InventoryClient {
        private final Map<String, Integer> stock;

        StubInventory(Map<String, Integer> stock) {
            this.stock = stock;
        }

        @Override
        public int stock(String sku) throws IOException {
            Integer units = stock.get(sku);
            if (units == null) {
                throw new IOException("inventory unreachable for " + sku);
            }
            return units;
        }

        @Override
        public boolean connected() {
            return true;
        }
    }

    private ShippingService shipping() {
        return new InstrumentedShippingService(executor, Map.of("FR", 2, "DE", 3));
    }

    @Test
    void anAsyncMethodsSpanCoversTheWorkOnTheExecutorAndKeepsItsParent() throws Exception {
        ShippingService shipping = shipping();
        Span caller = sdk.openTelemetry.getTracer("test").spanBuilder("checkout").startSpan();
        CompletableFuture<Long> quote;
        Scope scope = caller.makeCurrent();
        try {
            quote = shipping.quote("DE", 1500);
        } finally {
            scope.close();
        }
        assertEquals(450L, quote.get(10, TimeUnit.SECONDS));
        caller.end();

        SpanData span = awaitSpan("shipping.quote");
        assertEquals(caller.getSpanContext().getSpanId(), span.getParentSpanId());
        assertEquals("DE", span.getAttributes().get(AttributeKey.stringKey("shipping.country")));
        assertEquals(1500L, span.getAttributes().get(AttributeKey.longKey("shipping.grams")));
        assertEquals("dev.tta.workflow.it.services.ShippingService.quote",
                span.getAttributes().get(TelemetryNames.CODE_FUNCTION_NAME));
        assertTrue(WorkflowTelemetry.latency("shipping.quote").count() >= 1);
    }

    @Test
    void aFailedFutureFailsTheSpan() {
        CompletableFuture<Long> quote = shipping().quote("XX", 1);

        CompletionException thrown = assertThrows(CompletionException.class, quote::join);
        assertTrue(thrown.getCause() instanceof IllegalArgumentException);
        SpanData span = awaitSpan("shipping.quote");
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(IllegalArgumentException.class.getName(), span.getAttributes().get(TelemetryNames.ERROR_TYPE));
    }

    @Test
    void cancellingTheReturnedFutureEndsTheSpan() {
        List<Runnable> queued = new ArrayList<>();
        ShippingService shipping = new InstrumentedShippingService(queued::add, Map.of("FR", 1));
        CompletableFuture<Long> quote = shipping.quote("FR", 10);
        assertTrue(sdk.finished().isEmpty(), "the span stays open while the work waits");

        assertTrue(quote.cancel(true));
        queued.forEach(Runnable::run); // the queued work finds its future cancelled and leaves it so

        assertTrue(quote.isCancelled());
        SpanData span = sdk.named("shipping.quote");
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(CancellationException.class.getName(), span.getAttributes().get(TelemetryNames.ERROR_TYPE));
    }

    @Test
    void anInterfaceDecoratorTracesTheCallsMadeOnIt() throws Exception {
        InventoryClient inventory = new InstrumentedInventoryClient(new StubInventory(Map.of("book", 3)));

        assertEquals(3, inventory.stock("book"));
        assertTrue(inventory.connected());
        IOException failure = assertThrows(IOException.class, () -> inventory.stock("lamp"));
        assertEquals("inventory unreachable for lamp", failure.getMessage());

        List<SpanData> stock = sdk.finished().stream().filter(s -> s.getName().equals("inventory.stock")).toList();
        assertEquals(2, stock.size());
        assertEquals("book", stock.get(0).getAttributes().get(AttributeKey.stringKey("inventory.sku")));
        assertEquals(StatusCode.ERROR, stock.get(1).getStatus().getStatusCode());
        assertTrue(sdk.finished().stream().noneMatch(s -> s.getName().equals("inventory.connected")),
                "excluded");
    }

    @Test
    void anAbstractClassIsExtendedThroughItsGeneratedClassAndSelfCallsAreTraced() {
        VolumeDiscount rule = new VolumeDiscount();

        assertEquals(1400L, rule.apply(List.of(1000L, 450L)));

        SpanData apply = sdk.named("PricingRule.apply");
        assertEquals(List.of(1000L, 450L), apply.getAttributes().get(AttributeKey.longArrayKey("pricing.lines")));
        assertEquals(apply.getSpanId(), sdk.named("PricingRule.round").getParentSpanId(),
                "this.round() goes through the generated override");
    }

    @Test
    void servicesCalledByAStepNestUnderItInOneTrace() throws Exception {
        InventoryClient inventory = new InstrumentedInventoryClient(new StubInventory(Map.of("book", 1, "pen", 5)));
        InstrumentedPlaceOrder place = new InstrumentedPlaceOrder(inventory, shipping());

        assertEquals("TRACK-o-7-3@250", place.execute("o-7", WorkflowContext.start("orders")));

        SpanData step = sdk.named("PlaceOrder");
        assertEquals("o-7", step.getAttributes().get(AttributeKey.stringKey("order.id")));
        for (String child : List.of("inventory.allInStock", "shipping.quote", "ShippingService.book")) {
            SpanData span = child.equals("shipping.quote") ? awaitSpan(child) : sdk.named(child);
            assertEquals(step.getSpanId(), span.getParentSpanId(), child);
            assertEquals(step.getTraceId(), span.getTraceId(), child);
        }
        // The delegate's own call to stock() is not a call on the decorator.
        assertTrue(sdk.finished().stream().noneMatch(s -> s.getName().equals("inventory.stock")));
        // Metrics: the duration histogram, by name, type and the workflow of the step that called the method, never
        // by order id.
        HistogramPointData book = sdk.metric(TelemetryNames.DURATION_METRIC).getHistogramData().getPoints()
                .stream().filter(p -> "ShippingService.book".equals(p.getAttributes().get(
                        TelemetryNames.PRIMITIVE_NAME))).findFirst().orElseThrow();
        assertEquals(4, book.getAttributes().size(), book.getAttributes()::toString);
        assertEquals("orders", book.getAttributes().get(TelemetryNames.WORKFLOW_NAME));
    }

    /** Spans of asynchronous work end on the executor, possibly just after the future completed. */
    private SpanData awaitSpan(String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<SpanData> named = sdk.finished().stream().filter(s -> s.getName().equals(name)).toList();
            if (!named.isEmpty()) {
                return named.get(named.size() - 1);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + name, e);
            }
        }
        throw new AssertionError("no span " + name + " among " + sdk.finished());
    }
}
