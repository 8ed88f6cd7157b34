package dev.tta.workflow.examples.agent;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar: redrawn in place on a terminal, a line every tenth of the way otherwise (a log, a CI console).
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int total;
    private final boolean inPlace;
    private int lastTenth = -1;

    Progress(PrintStream out, int total, boolean inPlace) {
        this.out = out;
        this.total = total;
        this.inPlace = inPlace;
    }

    /** A bar redrawn in place only where a person watches it: standard output on a terminal. */
    static Progress on(PrintStream out, int total) {
        return new Progress(out, total, out == System.out && onTerminal());
    }

    private static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // From JDK 22 on, a console exists even when the output is redirected; isTerminal() tells them apart.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException beforeJdk22) {
            return true;
        }
    }

    void update(int done, int failed) {
        String line = String.format(Locale.ROOT, "  [%s%s] %d/%d requests, %d failed",
                "#".repeat(WIDTH * done / total), ".".repeat(WIDTH - WIDTH * done / total), done, total, failed);
        if (inPlace) {
            out.print('\r' + line);
            if (done == total) {
                out.println();
            }
            out.flush();
            return;
        }
        int tenth = 10 * done / total;
        if (tenth != lastTenth) {
            lastTenth = tenth;
            out.println(line);
        }
    }
}
