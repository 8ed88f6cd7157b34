package dev.tta.workflow.it.services;

/** A concrete rule: it extends the generated class, so that {@code apply} and {@code round} are traced. */
public class VolumeDiscount extends InstrumentedPricingRule {

    @Override
    protected long adjust(long cents) {
        return cents >= 1000 ? cents * 9 / 10 : cents;
    }
}
