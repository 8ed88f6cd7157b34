package dev.tta.workflow.example.checkout;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.telemetry.CostLedger;
import dev.tta.workflow.telemetry.WorkflowTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the checkout workflow for a number of orders against a real OpenTelemetry SDK (spans kept in memory), then
 * prints the trace of one order as a tree and the latency percentiles of every step.
 *
 * <p>Usage: {@code CheckoutDemo [orders]} (default 50). Every tenth customer is on the payment blocklist, so some
 * runs fail the way a real checkout does.
 */
public final class CheckoutDemo {

    private CheckoutDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args optional number of orders
     * @throws Exception never on purpose; a failure here is a bug worth seeing
     */
    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        if (orders < 1) {
            throw new IllegalArgumentException("the number of orders must be at least 1, was " + orders);
        }
        run(orders, System.out);
    }

    /**
     * Runs the demo and prints to {@code out}.
     *
     * @param orders how many orders to check out
     * @param out where the report goes
     * @return the number of failed checkouts
     * @throws Exception if the demo itself breaks
     */
    public static int run(int orders, PrintStream out) throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .build()) {
            WorkflowTelemetry.install(sdk);
            WorkflowPrimitive<Order, Receipt> checkout = CheckoutWorkflow.create(1, 8, 12, 5);

            out.println("Checking out " + orders + " orders...");
            String shownTrace = null;
            String failedTrace = null;
            int failed = 0;
            CostLedger fees = new CostLedger(null);
            for (int i = 1; i <= orders; i++) {
                Order order = new Order("ord-" + i, (i % 10 == 0 ? "blocked-" : "customer-") + i,
                        List.of("sku-" + i, "sku-" + (i + 1)), new BigDecimal("19.90").multiply(BigDecimal.valueOf(i)));
                var context = CheckoutWorkflow.contextFor(order);
                try {
                    checkout.execute(order, context);
                    fees.add(context.cost());
                    shownTrace = lastRootTrace(spans.getFinishedSpanItems()); // the latest: warmed up
                } catch (ChargePayment.PaymentDeclinedException declined) {
                    failed++;
                    if (failedTrace == null) {
                        failedTrace = lastRootTrace(spans.getFinishedSpanItems());
                    }
                }
                if (i % 10 == 0 || i == orders) {
                    out.printf("  %d/%d done, %d declined%n", i, orders, failed);
                }
            }

            Map<String, List<SpanData>> byTrace = spans.getFinishedSpanItems().stream()
                    .collect(Collectors.groupingBy(SpanData::getTraceId));
            out.println();
            out.println("The last successful checkout, as one trace (" + byTrace.size() + " traces in all):");
            out.print(TraceTreePrinter.render(byTrace.get(shownTrace)));
            if (failedTrace != null) {
                out.println();
                out.println("The first declined checkout: the failure marks the step and every ancestor, and the");
                out.println("primitive.failed log line above carries the same trace_id and span_id:");
                out.print(TraceTreePrinter.render(byTrace.get(failedTrace)));
            }
            out.println();
            out.println("Per primitive: HdrHistogram latency (lifetime), throughput and concurrency (last "
                    + "minute), cost of the subtree:");
            out.print(WorkflowTelemetry.report().toTable());
            out.println();
            out.println("Payment fees of all checkouts: " + fees.summary());
            return failed;
        } finally {
            WorkflowTelemetry.useGlobal();
        }
    }

    private static String lastRootTrace(List<SpanData> finished) {
        // The root span ends last, so the newest finished span belongs to the run that just completed.
        return finished.get(finished.size() - 1).getTraceId();
    }
}
