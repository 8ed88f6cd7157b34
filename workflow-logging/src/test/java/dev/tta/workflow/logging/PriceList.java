package dev.tta.workflow.logging;

import dev.tta.workflow.annotations.Observed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A service class with an observed method that logs. */
public class PriceList {

    private static final Logger LOG = LoggerFactory.getLogger(PriceList.class);

    /**
     * The price of an item.
     *
     * @param item the item
     * @return its price
     */
    @Observed(name = "price")
    public int price(String item) {
        LOG.info("pricing {}", item);
        return item.length();
    }
}
