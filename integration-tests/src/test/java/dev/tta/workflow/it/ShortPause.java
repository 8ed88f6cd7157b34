package dev.tta.workflow.it;

import dev.tta.workflow.annotations.Observed;

/** Pauses 8 ms; its own name keeps its percentiles apart from every other test's. */
@Observed(name = "it.pause.short")
public class ShortPause extends Pause {

    /** Creates the step. */
    public ShortPause() {
        super(8);
    }
}
