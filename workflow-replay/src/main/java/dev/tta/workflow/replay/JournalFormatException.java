package dev.tta.workflow.replay;

import java.io.IOException;

/** A file or stream that is not a journal this library wrote: says where and what was wrong. */
public final class JournalFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    JournalFormatException(String message) {
        super(message);
    }

    JournalFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
