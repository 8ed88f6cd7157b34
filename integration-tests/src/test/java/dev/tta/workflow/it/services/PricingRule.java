package dev.tta.workflow.it.services;

import dev.tta.workflow.annotations.Observed;
import java.util.List;

/**
 * An abstract class: {@code InstrumentedPricingRule} is abstract too, and concrete rules extend it.
 */
@Observed
public abstract class PricingRule {

    /**
     * Prices the lines; traced, and so is the call it makes to {@link #round(long)} on itself.
     *
     * @param cents the price of each line
     * @return the total after the rule
     */
    public long apply(@Observed.Attribute("pricing.lines") List<Long> cents) {
        long total = 0;
        for (long line : cents) {
            total += adjust(line);
        }
        return round(total);
    }

    /**
     * @param total a total in cents
     * @return the total rounded to whole units
     */
    protected long round(long total) {
        return (total + 50) / 100 * 100;
    }

    /**
     * Implemented by each rule, untraced (abstract here, nothing to wrap).
     *
     * @param cents one line
     * @return the adjusted line
     */
    protected abstract long adjust(long cents);
}
