package dev.tta.workflow.processor;

import java.util.List;

/**
 * Thrown by {@link ModelFactory} when a type that the annotated class refers to is not resolved yet (an
 * {@code ErrorType}). Another annotation processor may generate it in a later round, so the processor defers the
 * class to the next round rather than reporting an error; only in the last round is it an error.
 *
 * <p>Checked on purpose: it is flow control between the validator and the processor, never an internal error.
 */
final class UnresolvedTypeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<String> typeNames;

    /**
     * Creates the exception.
     *
     * @param typeNames the unresolved types as written in the source, in the order they were found
     */
    UnresolvedTypeException(List<String> typeNames) {
        super("unresolved types: " + String.join(", ", typeNames), null, false, false);
        this.typeNames = List.copyOf(typeNames);
    }

    /**
     * The unresolved types.
     *
     * @return their names as written in the source
     */
    List<String> typeNames() {
        return typeNames;
    }
}
