package dev.tta.workflow.it;

import dev.tta.workflow.annotations.Observed;

/** Pauses 12 ms; its own name keeps its percentiles apart from every other test's. */
@Observed(name = "it.pause.long")
public class LongPause extends Pause {

    /** Creates the step. */
    public LongPause() {
        super(12);
    }
}
