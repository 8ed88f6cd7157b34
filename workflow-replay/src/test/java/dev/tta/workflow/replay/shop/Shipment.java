package dev.tta.workflow.replay.shop;

/** A shipped order. */
public record Shipment(String orderId, String carrier, String tracking, int charged) {
}
