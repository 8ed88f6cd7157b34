package dev.tta.workflow;

import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.internal.MetricAttributes;
import dev.tta.workflow.spi.TelemetryCounter;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Runs one of several named routes, chosen per input by a routing function that returns the route's name.
 *
 * <pre>{@code
 * Router<Order, Receipt> byRegion = Workflows.router(Order::region)
 *         .route("eu", euCheckout)
 *         .route("us", usCheckout)
 *         .defaultRoute(genericCheckout)
 *         .build();
 * }</pre>
 *
 * <p>One span covers the router, with the attribute {@code route} naming the route taken; the route's span is its
 * child. When the routing function returns a name the router does not know (or null), the default route runs if
 * there is one ({@code route} = {@value #DEFAULT_ROUTE}, and {@code workflow.router.requested_route} holds what was
 * asked for, on the span only); without a default route the router fails with an {@link UnknownRouteException}.
 * The counter {@code workflow.router.decisions} counts decisions by {@code workflow.primitive.name},
 * {@code workflow.name} and {@code route}; its {@code route} is always a configured route name or {@value #DEFAULT_ROUTE}, never what the
 * routing function returned, so its cardinality is bounded by the configuration. A throwing routing function fails
 * the router with its exception, unchanged.
 *
 * <p>Immutable and thread-safe, provided the routing function is.
 *
 * @param <I> the input type
 * @param <O> the common output type of the routes
 */
public final class Router<I, O> extends CompositePrimitive<I, O> {

    /** The name of a router that was not given one. */
    public static final String DEFAULT_NAME = "router";

    /**
     * The {@code route} attribute of the default route; reserved, so no route can be named like it.
     */
    public static final String DEFAULT_ROUTE = "default";

    private static final TelemetryCounter DECISIONS = TelemetryCounter.create(
            TelemetryNames.ROUTER_DECISIONS_METRIC, "{decision}", "Routing decisions of workflow routers, by route.");
    private static final TelemetryCounter ROUTE_COST = TelemetryCounter.createDouble(
            TelemetryNames.ROUTER_COST_METRIC, "{currency_unit}", "Money spent under each route, by currency.");
    private static final TelemetryCounter ROUTE_TOKENS = TelemetryCounter.create(
            TelemetryNames.ROUTER_TOKENS_METRIC, "{token}", "Tokens used under each route, by token type.");

    private final BiFunction<? super I, WorkflowContext, String> routingFunction;
    private final Map<String, WorkflowPrimitive<? super I, ? extends O>> definitions;
    private final WorkflowPrimitive<? super I, ? extends O> defaultStep;
    private final Map<String, Route<I, O>> routes;
    private final Route<I, O> defaultRoute;
    private final List<String> knownRoutes;

    private Router(BiFunction<? super I, WorkflowContext, String> routingFunction,
            Map<String, WorkflowPrimitive<? super I, ? extends O>> definitions,
            WorkflowPrimitive<? super I, ? extends O> defaultStep, String name) {
        super(name, TelemetryNames.TYPE_ROUTER);
        this.routingFunction = routingFunction;
        this.definitions = definitions;
        this.defaultStep = defaultStep;
        // The metric attributes of every possible decision, computed once per router.
        Map<String, Route<I, O>> byName = new LinkedHashMap<>();
        definitions.forEach((route, step) -> byName.put(route, new Route<>(route, step, decision(name, route))));
        this.routes = Collections.unmodifiableMap(byName);
        this.defaultRoute = defaultStep == null ? null : new Route<>(DEFAULT_ROUTE, defaultStep,
                decision(name, DEFAULT_ROUTE));
        this.knownRoutes = definitions.keySet().stream().sorted().toList();
    }

    private static MetricAttributes decision(String name, String route) {
        return MetricAttributes.of(Attributes.of(TelemetryNames.PRIMITIVE_NAME, name, TelemetryNames.ROUTE, route));
    }

    /**
     * Starts building a router whose routing function also sees the router's context (its metadata, for example).
     * {@link dev.tta.workflow.Workflows#router} is the usual entry point.
     *
     * @param routingFunction returns the name of the route to run for an input
     * @param <I> the input type
     * @return the first stage of the builder
     * @throws IllegalArgumentException if the routing function is null
     */
    public static <I> Start<I> routing(BiFunction<? super I, WorkflowContext, String> routingFunction) {
        return new Start<>(Checks.notNull(routingFunction, "routingFunction"));
    }

    /**
     * The same routes under another name.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @return a new router
     * @throws IllegalArgumentException if the name is null or blank
     */
    public Router<I, O> named(String name) {
        return new Router<>(routingFunction, definitions, defaultStep, Checks.name(name));
    }

    /**
     * The routes, in the order they were added.
     *
     * @return an unmodifiable map from route name to step
     */
    public Map<String, WorkflowPrimitive<? super I, ? extends O>> routes() {
        return definitions;
    }

    /**
     * The route that runs when the routing function names no known route.
     *
     * @return the default route, if there is one
     */
    public Optional<WorkflowPrimitive<? super I, ? extends O>> defaultRoute() {
        return Optional.ofNullable(defaultStep);
    }

    @Override
    protected O run(I input, Invocation invocation) throws Exception {
        WorkflowContext inner = invocation.context();
        // A replay takes the recorded route: the routing function may have asked the outside world (a classifier).
        String recorded = invocation.recordedDecision(Decisions.ROUTE);
        String requested = recorded != null ? recorded : routingFunction.apply(input, inner);
        Route<I, O> route = requested == null ? null : routes.get(requested);
        if (route == null) {
            if (defaultRoute == null) {
                throw new UnknownRouteException(name(), requested, knownRoutes);
            }
            if (requested != null) {
                invocation.attribute(TelemetryNames.REQUESTED_ROUTE, requested);
            }
            route = defaultRoute;
        }
        invocation.attribute(TelemetryNames.ROUTE, route.name());
        invocation.decided(Decisions.ROUTE, route.name());
        DECISIONS.add(1, route.decision().forWorkflow(invocation.workflowName()));
        try {
            return route.step().execute(input, inner);
        } finally {
            recordRouteCost(route, invocation.cost(), invocation.workflowName());
        }
    }

    /** A route with its precomputed metric attributes. */
    private record Route<I, O>(String name, WorkflowPrimitive<? super I, ? extends O> step,
            MetricAttributes decision) {
    }

    /**
     * The first stage of a router builder: the routing function is set, and the first route (or the default route)
     * fixes the output type.
     *
     * @param <I> the input type
     */
    public static final class Start<I> {

        private final BiFunction<? super I, WorkflowContext, String> routingFunction;

        private Start(BiFunction<? super I, WorkflowContext, String> routingFunction) {
            this.routingFunction = routingFunction;
        }

        /**
         * Adds the first route.
         *
         * @param routeName the name the routing function returns to choose this route; also the {@code route}
         *     attribute of spans and metrics, so keep it short and stable
         * @param step what runs for this route
         * @param <O> the output type of the router
         * @return the builder
         * @throws IllegalArgumentException if the name is null, blank or {@value Router#DEFAULT_ROUTE}, or the step
         *     is null
         */
        public <O> Builder<I, O> route(String routeName, WorkflowPrimitive<? super I, ? extends O> step) {
            return new Builder<I, O>(routingFunction).route(routeName, step);
        }

        /**
         * Sets the default route first; at least one named route must still be added before {@link Builder#build()}.
         *
         * @param step what runs when the routing function names no known route
         * @param <O> the output type of the router
         * @return the builder
         * @throws IllegalArgumentException if the step is null
         */
        public <O> Builder<I, O> defaultRoute(WorkflowPrimitive<? super I, ? extends O> step) {
            return new Builder<I, O>(routingFunction).defaultRoute(step);
        }
    }

    /**
     * Collects the routes of a router. Not thread-safe; the router it builds is.
     *
     * @param <I> the input type
     * @param <O> the common output type of the routes
     */
    public static final class Builder<I, O> {

        private final BiFunction<? super I, WorkflowContext, String> routingFunction;
        private final Map<String, WorkflowPrimitive<? super I, ? extends O>> routes = new LinkedHashMap<>();
        private WorkflowPrimitive<? super I, ? extends O> defaultStep;
        private String name = DEFAULT_NAME;

        private Builder(BiFunction<? super I, WorkflowContext, String> routingFunction) {
            this.routingFunction = routingFunction;
        }

        /**
         * Adds a route.
         *
         * @param routeName the name the routing function returns to choose this route; also the {@code route}
         *     attribute of spans and metrics, so keep it short and stable
         * @param step what runs for this route
         * @return this builder
         * @throws IllegalArgumentException if the name is null, blank, {@value Router#DEFAULT_ROUTE} or already
         *     used by another route, or the step is null
         */
        public Builder<I, O> route(String routeName, WorkflowPrimitive<? super I, ? extends O> step) {
            if (routeName == null || routeName.isBlank()) {
                throw new IllegalArgumentException("routeName must not be null or blank");
            }
            if (DEFAULT_ROUTE.equals(routeName)) {
                throw new IllegalArgumentException("routeName '" + DEFAULT_ROUTE
                        + "' is reserved for the default route: use defaultRoute(step)");
            }
            if (routes.containsKey(routeName)) {
                throw new IllegalArgumentException("routeName '" + routeName + "' is already used by another route");
            }
            routes.put(routeName, Checks.notNull(step, "step"));
            return this;
        }

        /**
         * Sets the route that runs when the routing function returns a name the router does not know, or null.
         *
         * @param step the default route
         * @return this builder
         * @throws IllegalArgumentException if the step is null or a default route is set already
         */
        public Builder<I, O> defaultRoute(WorkflowPrimitive<? super I, ? extends O> step) {
            Checks.notNull(step, "defaultRoute");
            if (defaultStep != null) {
                throw new IllegalArgumentException("defaultRoute is already set");
            }
            defaultStep = step;
            return this;
        }

        /**
         * Names the router.
         *
         * @param name the name in spans, metrics and logs; low-cardinality
         * @return this builder
         * @throws IllegalArgumentException if the name is null or blank
         */
        public Builder<I, O> named(String name) {
            this.name = Checks.name(name);
            return this;
        }

        /**
         * Builds the router.
         *
         * @return the router
         * @throws IllegalArgumentException if no named route was added
         */
        public Router<I, O> build() {
            if (routes.isEmpty()) {
                throw new IllegalArgumentException("routes must not be empty: add at least one route(routeName, step)");
            }
            return new Router<>(routingFunction, Collections.unmodifiableMap(new LinkedHashMap<>(routes)),
                    defaultStep, name);
        }
    }

    /** Routing by cost tier is only verifiable if each route's cost is visible: tokens and money per route. */
    private static void recordRouteCost(Route<?, ?> route, CostSummary cost, String workflowName) {
        if (cost.isEmpty()) {
            return;
        }
        Attributes decision = route.decision().forWorkflow(workflowName);
        if (cost.inputTokens() != 0 || cost.outputTokens() != 0) {
            ROUTE_TOKENS.add(cost.inputTokens(),
                    decision.toBuilder().put(TelemetryNames.GEN_AI_TOKEN_TYPE, "input").build());
            ROUTE_TOKENS.add(cost.outputTokens(),
                    decision.toBuilder().put(TelemetryNames.GEN_AI_TOKEN_TYPE, "output").build());
        }
        cost.amounts().forEach((currency, amount) -> ROUTE_COST.add(amount.doubleValue(),
                decision.toBuilder().put(TelemetryNames.COST_CURRENCY, currency).build()));
    }
}
