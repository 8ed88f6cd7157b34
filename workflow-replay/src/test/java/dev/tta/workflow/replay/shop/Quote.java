package dev.tta.workflow.replay.shop;

/** What pricing and stock say about an order. */
public record Quote(Order order, int price, int inStock) {
}
