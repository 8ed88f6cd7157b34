package dev.tta.workflow.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A {@link JournalStore} that writes each journal to its own file, {@code <workflow>-<time>-<workflow id>.jsonl},
 * written to a temporary file first and then moved into place, so that a reader never sees half a journal. Names are
 * reduced to letters, digits, {@code .}, {@code _} and {@code -}.
 */
public final class DirectoryJournalStore implements JournalStore {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private final Path directory;

    DirectoryJournalStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory must not be null");
    }

    /**
     * The directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    @Override
    public void save(RunJournal journal) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(fileName(journal));
        Path partial = Files.createTempFile(directory, ".journal-", ".partial");
        try {
            journal.write(partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * The file a journal is stored in.
     *
     * @param journal the journal
     * @return its file name
     */
    public static String fileName(RunJournal journal) {
        return safe(journal.workflowName()) + "-" + TIME.format(journal.recordedAt()) + "-"
                + safe(journal.workflowId()) + ".jsonl";
    }

    /**
     * The journals stored so far, oldest first.
     *
     * @return their files
     * @throws IOException if the directory cannot be listed
     */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    private static String safe(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 80 ? safe.substring(0, 80) : safe;
    }

    @Override
    public String toString() {
        return "DirectoryJournalStore{" + directory + "}";
    }
}
