package dev.tta.workflow.examples.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tta.workflow.examples.agent.AgentTask;
import dev.tta.workflow.examples.agent.CustomerProfile;
import dev.tta.workflow.examples.agent.KnowledgeArticles;
import dev.tta.workflow.examples.agent.OrderHistory;
import dev.tta.workflow.examples.agent.SupportRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void aTaskCrossesTheHopUnchangedWhateverItsText() {
        AgentTask task = new AgentTask(
                new SupportRequest("req-1", "cus-01", "chat", "Refund? 100% & now = please\nthanks"),
                new CustomerProfile("cus-01", "Ada", "pro"),
                new KnowledgeArticles(List.of("Refunds and returns", "How refunds reach your card")),
                new OrderHistory(List.of()));

        assertEquals(task, WireFormat.decodeTask(WireFormat.encode(task)));
    }

    @Test
    void aMissingFieldIsNamed() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> WireFormat.decodeTask("id=req-1&customer=cus-01"));
        assertEquals("the form has no 'channel' field; fields: [id, customer]", missing.getMessage());
    }
}
