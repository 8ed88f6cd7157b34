package dev.tta.workflow.replay;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.replay.shop.Order;
import dev.tta.workflow.replay.shop.Shipment;
import dev.tta.workflow.replay.shop.Shop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded orders for the test shop, and recorded runs of it. */
final class Orders {

    private static final String[] CUSTOMERS = {" ada", "grace ", "alan", " edsger ", "barbara", "ken"};

    private Orders() {
    }

    /** Orders drawn from a seed: about one in six has no items; each carries secrets that must be masked. */
    static List<Order> draw(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Order> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "application/json");
            headers.put("Authorization", "Bearer SECRET-bearer-" + seed + "-" + i);
            orders.add(new Order("o-" + seed + "-" + i, CUSTOMERS[random.nextInt(CUSTOMERS.length)],
                    random.nextInt(6), 10 + random.nextInt(110), "SECRET-cvv-" + random.nextInt(1000),
                    "SECRET-token-" + i, List.of("item-" + random.nextInt(9)), headers));
        }
        return orders;
    }

    /** Runs every order through the workflow, each in a run of its own; failures are the runs' business. */
    static void run(WorkflowPrimitive<Order, Shipment> shop, List<Order> orders) {
        for (Order order : orders) {
            try {
                shop.execute(order, WorkflowContext.start(Shop.WORKFLOW));
            } catch (Exception expected) {
                // recorded in the journal
            }
        }
    }

    /** Records a run of each order, and returns every journal. */
    static List<RunJournal> record(WorkflowPrimitive<Order, Shipment> shop, List<Order> orders)
            throws InterruptedException {
        try (WorkflowJournal journal = WorkflowJournal.builder().workflows(Shop.WORKFLOW)
                .retention(Retention.all()).keepRecent(orders.size()).start()) {
            run(shop, orders);
            journal.flush();
            return journal.recent();
        }
    }
}
