package dev.tta.workflow;

import java.util.List;

/**
 * Thrown by a {@link Router} without a default route when its routing function names a route it does not have (or
 * returns null). The message names the router, the requested route and the known routes.
 */
public final class UnknownRouteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * The router's name.
     *
     * @serial the router's name
     */
    private final String routerName;
    /**
     * The route the routing function returned.
     *
     * @serial the requested route; may be null
     */
    private final String requestedRoute;
    /**
     * The routes the router knows.
     *
     * @serial the configured route names, sorted
     */
    @SuppressWarnings("serial") // always an immutable List.copyOf list, which is serializable
    private final List<String> knownRoutes;

    /**
     * Creates the exception.
     *
     * @param routerName the router's name
     * @param requestedRoute what the routing function returned; may be null
     * @param knownRoutes the configured route names
     */
    public UnknownRouteException(String routerName, String requestedRoute, List<String> knownRoutes) {
        super(message(routerName, requestedRoute, knownRoutes));
        this.routerName = routerName;
        this.requestedRoute = requestedRoute;
        this.knownRoutes = knownRoutes == null ? List.of() : knownRoutes.stream().sorted().toList();
    }

    private static String message(String routerName, String requestedRoute, List<String> knownRoutes) {
        String requested = requestedRoute == null ? "null" : "'" + requestedRoute + "'";
        List<String> known = knownRoutes == null ? List.of() : knownRoutes.stream().sorted().toList();
        return "Router '" + routerName + "' has no route " + requested + " and no default route. Known routes: "
                + known;
    }

    /**
     * The name of the router that could not route.
     *
     * @return the router's name
     */
    public String routerName() {
        return routerName;
    }

    /**
     * What the routing function returned.
     *
     * @return the requested route, or null if the routing function returned null
     */
    public String requestedRoute() {
        return requestedRoute;
    }

    /**
     * The routes the router has.
     *
     * @return the route names, sorted; unmodifiable
     */
    public List<String> knownRoutes() {
        return knownRoutes;
    }
}
