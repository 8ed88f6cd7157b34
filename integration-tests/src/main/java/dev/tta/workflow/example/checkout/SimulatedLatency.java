package dev.tta.workflow.example.checkout;

/** Stands in for the remote calls a real checkout makes: a fixed pause, deterministic for tests and the demo. */
final class SimulatedLatency {

    private SimulatedLatency() {
    }

    static void pause(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
