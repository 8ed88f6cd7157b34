package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RouterTest {

    private TelemetryFixture telemetry;

    @BeforeEach
    void installSdk() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    /** Routes on the part before the colon: "eu:o1" goes to "eu". */
    private static Router.Builder<String, String> regions() {
        return Workflows.router((String order) -> order.substring(0, order.indexOf(':')))
                .route("eu", step("route.eu", (String order) -> "EU " + order))
                .route("us", step("route.us", (String order) -> "US " + order));
    }

    @Test
    void runsTheRouteTheFunctionNamesAndRecordsTheDecision() throws Exception {
        Router<String, String> router = regions().build();

        assertEquals("EU eu:o1", router.execute("eu:o1", WorkflowContext.start("r")));
        assertEquals("US us:o2", router.execute("us:o2", WorkflowContext.start("r")));
        assertEquals("EU eu:o3", router.execute("eu:o3", WorkflowContext.start("r")));

        List<SpanData> routerSpans = telemetry.spans().stream()
                .filter(s -> s.getName().equals(Router.DEFAULT_NAME)).toList();
        assertEquals(List.of("eu", "us", "eu"),
                routerSpans.stream().map(s -> s.getAttributes().get(TelemetryNames.ROUTE)).toList());
        for (SpanData span : routerSpans) {
            assertEquals(TelemetryNames.TYPE_ROUTER, span.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
            assertNull(span.getAttributes().get(TelemetryNames.REQUESTED_ROUTE), "only for unknown routes");
            List<SpanData> children = telemetry.childrenOf(span);
            assertEquals(1, children.size());
            assertEquals("route." + span.getAttributes().get(TelemetryNames.ROUTE), children.get(0).getName());
        }
        assertEquals(Map.of("eu", 2L, "us", 1L), decisions(Router.DEFAULT_NAME));
    }

    @Test
    void contextAwareRoutingFunctionSeesTheRoutersContext() throws Exception {
        Router<String, String> router = Workflows.router(
                        (String input, WorkflowContext context) -> context.metadata().getOrDefault("tier", "free"))
                .route("free", step("route.free", (String s) -> "free " + s))
                .route("paid", step("route.paid", (String s) -> "paid " + s))
                .named("tiers")
                .build();

        assertEquals("paid x", router.execute("x", WorkflowContext.start("r").withMetadata("tier", "paid")));
        assertEquals("free y", router.execute("y", WorkflowContext.start("r")));
        assertEquals(Map.of("free", 1L, "paid", 1L), decisions("tiers"));
    }

    @Test
    void unknownRouteTakesTheDefaultRouteAndRecordsWhatWasRequestedOnTheSpanOnly() throws Exception {
        Router<String, String> router = regions()
                .defaultRoute(step("route.other", (String order) -> "OTHER " + order))
                .build();

        assertEquals("OTHER apac:o9", router.execute("apac:o9", WorkflowContext.start("r")));

        SpanData span = telemetry.span(Router.DEFAULT_NAME);
        assertEquals(Router.DEFAULT_ROUTE, span.getAttributes().get(TelemetryNames.ROUTE));
        assertEquals("apac", span.getAttributes().get(TelemetryNames.REQUESTED_ROUTE));
        assertEquals("route.other", telemetry.childrenOf(span).get(0).getName());
        assertEquals(Map.of(Router.DEFAULT_ROUTE, 1L), decisions(Router.DEFAULT_NAME),
                "the metric never carries the requested string");
    }

    @Test
    void nullRouteTakesTheDefaultRouteWithoutARequestedRouteAttribute() throws Exception {
        Router<String, String> router = Workflows.router((String s) -> (String) null)
                .defaultRoute(step("route.fallback", (String s) -> "fallback"))
                .route("only", step("route.only", (String s) -> "only"))
                .build();

        assertEquals("fallback", router.execute("x", WorkflowContext.start("r")));

        SpanData span = telemetry.span(Router.DEFAULT_NAME);
        assertEquals(Router.DEFAULT_ROUTE, span.getAttributes().get(TelemetryNames.ROUTE));
        assertNull(span.getAttributes().get(TelemetryNames.REQUESTED_ROUTE));
    }

    @Test
    void unknownRouteWithoutDefaultFailsWithTheKnownRoutesSorted() {
        Router<String, String> router = Workflows.router((String order) -> order.substring(0, order.indexOf(':')))
                .route("us", step("route.us", (String order) -> order))
                .route("eu", step("route.eu", (String order) -> order))
                .route("apac", step("route.apac", (String order) -> order))
                .named("regions")
                .build();

        UnknownRouteException thrown = assertThrows(UnknownRouteException.class,
                () -> router.execute("latam:o1", WorkflowContext.start("r")));

        assertEquals("Router 'regions' has no route 'latam' and no default route. Known routes: [apac, eu, us]",
                thrown.getMessage());
        assertEquals("regions", thrown.routerName());
        assertEquals("latam", thrown.requestedRoute());
        assertEquals(List.of("apac", "eu", "us"), thrown.knownRoutes());
        SpanData span = telemetry.span("regions");
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals(UnknownRouteException.class.getName(), span.getAttributes().get(TelemetryNames.ERROR_TYPE));
        assertNull(span.getAttributes().get(TelemetryNames.ROUTE));
        assertTrue(telemetry.childrenOf(span).isEmpty(), "no route ran");
        assertEquals(Map.of(), decisions("regions"), "no decision was made");
    }

    @Test
    void nullRouteWithoutDefaultFails() {
        Router<String, String> router = Workflows.router((String s) -> (String) null)
                .route("b", step("route.b", (String s) -> s))
                .route("a", step("route.a", (String s) -> s))
                .build();

        UnknownRouteException thrown = assertThrows(UnknownRouteException.class,
                () -> router.execute("x", WorkflowContext.start("r")));

        assertEquals("Router 'router' has no route null and no default route. Known routes: [a, b]",
                thrown.getMessage());
        assertNull(thrown.requestedRoute());
        assertEquals(List.of(), new UnknownRouteException("r", "x", null).knownRoutes());
    }

    @Test
    void throwingRoutingFunctionFailsTheRouterWithTheSameException() {
        IllegalStateException broken = new IllegalStateException("no region");
        AtomicBoolean routeRan = new AtomicBoolean();
        Router<String, String> router = Workflows.router((String s) -> {
            throw broken;
        }).route("a", step("route.a", (String s) -> {
            routeRan.set(true);
            return s;
        })).build();

        Exception thrown = assertThrows(Exception.class, () -> router.execute("x", WorkflowContext.start("r")));

        assertSame(broken, thrown);
        assertFalse(routeRan.get());
        assertEquals(StatusCode.ERROR, telemetry.span(Router.DEFAULT_NAME).getStatus().getStatusCode());
    }

    @Test
    void namedCopyKeepsTheRoutesAndCountsUnderItsOwnName() throws Exception {
        WorkflowPrimitive<String, String> other = step("route.other", (String s) -> "other");
        Router<String, String> router = regions().defaultRoute(other).build();
        Router<String, String> renamed = router.named("renamed");

        assertEquals(List.of("eu", "us"), List.copyOf(renamed.routes().keySet()), "routes keep their order");
        assertSame(other, renamed.defaultRoute().orElseThrow());
        assertTrue(regions().build().defaultRoute().isEmpty());
        assertEquals(Router.DEFAULT_NAME, router.name());
        assertEquals("renamed", renamed.name());
        assertEquals("EU eu:1", renamed.execute("eu:1", WorkflowContext.start("r")));
        assertEquals("other", renamed.execute("xx:2", WorkflowContext.start("r")));
        assertEquals(Map.of("eu", 1L, Router.DEFAULT_ROUTE, 1L), decisions("renamed"));
        assertThrows(UnsupportedOperationException.class, () -> renamed.routes().clear());
    }

    @Test
    void badConfigurationNamesTheParameter() {
        WorkflowPrimitive<String, String> step = step("route.x", (String s) -> s);
        Function<String, String> fn = s -> s;
        assertMessage("routingFunction must not be null", () -> Workflows.router((Function<String, String>) null));
        assertMessage("routingFunction must not be null",
                () -> Workflows.router((BiFunction<String, WorkflowContext, String>) null));
        assertMessage("routeName must not be null or blank", () -> Workflows.router(fn).route(null, step));
        assertMessage("routeName must not be null or blank", () -> Workflows.router(fn).route(" ", step));
        assertMessage("routeName 'a' is already used by another route",
                () -> Workflows.router(fn).route("a", step).route("a", step));
        assertMessage("routeName 'default' is reserved for the default route: use defaultRoute(step)",
                () -> Workflows.router(fn).route("default", step));
        assertMessage("step must not be null", () -> Workflows.router(fn).route("a", null));
        assertMessage("defaultRoute must not be null", () -> Workflows.router(fn).route("a", step).defaultRoute(null));
        assertMessage("defaultRoute is already set",
                () -> Workflows.router(fn).defaultRoute(step).defaultRoute(step));
        assertMessage("routes must not be empty: add at least one route(routeName, step)",
                () -> Workflows.router(fn).defaultRoute(step).build());
        assertMessage("name must not be null or blank", () -> Workflows.router(fn).route("a", step).named(""));
        assertMessage("name must not be null or blank",
                () -> Workflows.router(fn).route("a", step).build().named(null));
    }

    private static void assertMessage(String expected, Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    /** Decision counts of one router by route; also checks that no point carries other attributes. */
    private Map<String, Long> decisions(String router) {
        List<LongPointData> points = telemetry.metric(TelemetryNames.ROUTER_DECISIONS_METRIC)
                .map(metric -> List.copyOf(metric.getLongSumData().getPoints()))
                .orElse(List.of());
        for (LongPointData point : points) {
            Attributes attributes = point.getAttributes();
            assertEquals(Set.of(TelemetryNames.PRIMITIVE_NAME, TelemetryNames.ROUTE, TelemetryNames.WORKFLOW_NAME),
                    attributes.asMap().keySet());
            assertEquals("r", attributes.get(TelemetryNames.WORKFLOW_NAME));
        }
        return points.stream()
                .filter(point -> router.equals(point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                .collect(Collectors.toMap(point -> point.getAttributes().get(TelemetryNames.ROUTE),
                        LongPointData::getValue));
    }
}
