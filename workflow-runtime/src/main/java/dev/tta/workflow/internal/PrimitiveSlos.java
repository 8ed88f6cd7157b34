package dev.tta.workflow.internal;

import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The objectives declared for one primitive name, shared by every primitive with that name (like its statistics).
 * Executions read the array without locking; declarations replace it under this object's lock.
 */
public final class PrimitiveSlos {

    private static final SloState[] NONE = new SloState[0];

    private final String primitiveName;
    private volatile SloState[] states = NONE;

    PrimitiveSlos(String primitiveName) {
        this.primitiveName = primitiveName;
    }

    String primitiveName() {
        return primitiveName;
    }

    /** The objectives, in order of declaration; never modify the array. */
    /**
     * The objectives now.
     *
     * @return the states, in order of declaration
     */
    public SloState[] states() {
        return states;
    }

    /**
     * Declares an objective. Declaring an equal one again changes nothing.
     *
     * @throws IllegalArgumentException if a different objective of the same name is declared already
     */
    /**
     * Declares an objective.
     *
     * @param objective the objective
     * @throws IllegalArgumentException if one of the same name differs
     */
    public synchronized void declare(ServiceLevelObjective objective) {
        for (SloState state : states) {
            if (state.objective().name().equals(objective.name())) {
                if (state.objective().equals(objective)) {
                    return;
                }
                throw new IllegalArgumentException("Primitive '" + primitiveName + "' already has an SLO named '"
                        + objective.name() + "' (" + state.objective() + "), which differs from " + objective
                        + ". Give each objective of a primitive its own name, and give primitives that are not the "
                        + "same their own names.");
            }
        }
        SloState[] grown = Arrays.copyOf(states, states.length + 1);
        grown[states.length] = new SloState(primitiveName, objective);
        states = grown;
    }

    /** The status of every objective now, in order of declaration. */
    List<SloStatus> statuses(long nowNanos) {
        SloState[] current = states;
        List<SloStatus> statuses = new ArrayList<>(current.length);
        for (SloState state : current) {
            statuses.add(state.tracker().status(nowNanos));
        }
        return statuses;
    }
}
