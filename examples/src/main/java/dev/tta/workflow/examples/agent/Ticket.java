package dev.tta.workflow.examples.agent;

/**
 * A help-desk ticket recording the answer, opened before the answer is sent.
 *
 * @param id the help desk's ticket id
 * @param draft the answer it records
 */
public record Ticket(String id, Draft draft) {
}
