package dev.tta.workflow.replay;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a {@link WorkflowJournal} puts the journals it keeps. Implement it for your own store (a database, an object
 * store, your logs pipeline); {@link #directory} writes a JSON-lines file per run. Called from one background thread,
 * never on a workflow's thread.
 */
@FunctionalInterface
public interface JournalStore {

    /**
     * Stores a journal.
     *
     * @param journal a run's journal
     * @throws IOException if it could not be stored; reported and dropped, never seen by the workflow
     */
    void save(RunJournal journal) throws IOException;

    /**
     * A JSON-lines file per run in a directory, made if missing.
     *
     * @param directory the directory
     * @return the store
     */
    static DirectoryJournalStore directory(Path directory) {
        return new DirectoryJournalStore(directory);
    }
}
