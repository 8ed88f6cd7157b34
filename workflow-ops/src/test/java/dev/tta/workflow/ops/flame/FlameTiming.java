package dev.tta.workflow.ops.flame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A measured run: 10,000 runs (100,000 spans) from a Zipkin JSON-lines file to the flame graph files, the best of
 * several rounds after warm-up rounds. Run with the module's test class path; an argument sets the number of runs.
 */
public final class FlameTiming {

    private FlameTiming() {
    }

    /**
     * Prints the time of each round and the best.
     *
     * @param args optionally the number of runs
     * @throws Exception if a file cannot be written
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path directory = Files.createTempDirectory("flame-timing");
        Path file = SyntheticTraces.writeZipkin(SyntheticTraces.spans(runs, 7), directory.resolve("traces.jsonl"));
        System.out.printf("%,d runs, %,d spans, %,d bytes of Zipkin JSON%n", runs,
                runs * SyntheticTraces.SPANS_PER_RUN, Files.size(file));
        long best = Long.MAX_VALUE;
        for (int round = 1; round <= 8; round++) {
            long started = System.nanoTime();
            List<Path> written = TraceViews.writeFlame(Run.of(SpanReader.read(file)), directory.resolve("out"), null);
            long took = System.nanoTime() - started;
            best = Math.min(best, took);
            System.out.printf("round %d: %.1f ms (%d files)%n", round, took / 1e6, written.size());
        }
        System.out.printf("best: %.1f ms for read + aggregate + HTML, folded, speedscope and differential%n", best / 1e6);
    }
}
