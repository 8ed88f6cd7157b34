package dev.tta.workflow.ops.flame;

/** Span input that cannot be read: malformed JSON or a span lacking what it needs, with where it is. */
public final class TraceFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The 1-based line of the input where the problem is, or 0 if unknown. */
    private final int line;

    /**
     * A problem at a line of a source.
     *
     * @param source what was read, e.g. the file name
     * @param line the 1-based line, or 0 if unknown
     * @param problem what is wrong
     * @param cause the parser's exception, or {@code null}
     */
    public TraceFormatException(String source, int line, String problem, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.line = line;
    }

    /**
     * Where the problem is.
     *
     * @return the 1-based line, or 0 if unknown
     */
    public int line() {
        return line;
    }
}
