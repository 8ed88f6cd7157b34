package dev.tta.workflow.replay.shop;

/** A failure of one of the shop's outside systems. */
public class ShopException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public ShopException(String message) {
        super(message);
    }
}
