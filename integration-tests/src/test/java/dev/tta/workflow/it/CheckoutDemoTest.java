package dev.tta.workflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.example.checkout.CheckoutDemo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's demo command runs this main path: a short run proves it cannot silently break. */
class CheckoutDemoTest {

    @Test
    void demoPrintsATraceTreeAndThePercentileTable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int declined;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            declined = CheckoutDemo.run(10, out);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(1, declined, "customer 10 is on the blocklist");
        assertTrue(report.contains("checkout [sequential]"), report);
        assertTrue(report.contains("├─ ValidateOrder [step]"), report);
        assertTrue(report.contains("│  ├─ ReserveInventory [step]"), report);
        assertTrue(report.contains("ERROR dev.tta.workflow.example.checkout.ChargePayment$PaymentDeclinedException"),
                report);
        assertTrue(report.lines().anyMatch(l -> l.matches("payment\\.charge\\s+step\\s+\\d+\\s+.*USD")), report);
        assertTrue(report.contains("p99.9"), report);
        // Nine successful charges of 19.90 x i (i = 1..9): each a 0.30 fixed fee plus 2.9 %.
        assertTrue(report.contains("Payment fees of all checkouts: 28.67 USD"), report);
    }
}
