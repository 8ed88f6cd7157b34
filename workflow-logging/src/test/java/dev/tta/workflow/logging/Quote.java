package dev.tta.workflow.logging;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.annotations.Observed;
import dev.tta.workflow.context.WorkflowContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A step that logs, then calls an observed method that logs too. */
@Observed
public class Quote extends WorkflowPrimitive<String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(Quote.class);

    private final PriceList prices = new InstrumentedPriceList();

    @Override
    public String execute(String item, WorkflowContext context) {
        LOG.info("quoting {}", item);
        return item + "=" + prices.price(item);
    }
}
