package dev.tta.workflow.test;

import io.opentelemetry.context.Scope;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Gives every test a {@link TestTelemetry} of its own: a private OpenTelemetry SDK (the global one is never touched)
 * and private in-process statistics (percentiles, peak counts, SLO trackers), current while the test's
 * {@code @BeforeEach}, test and {@code @AfterEach} methods run, closed after the test. Safe under JUnit's parallel
 * execution: each test's workflows report to that test only.
 *
 * <pre>{@code
 * @ExtendWith(WorkflowTelemetryExtension.class)
 * class CheckoutTelemetryTest {
 *     @Test
 *     void oneTrace(TestTelemetry telemetry) throws Exception {
 *         checkout.execute(order, WorkflowContext.start("checkout"));
 *         WorkflowAssertions.assertThat(telemetry).hasTree("checkout(validate, parallel(stock, price), charge)");
 *     }
 * }
 * }</pre>
 *
 * <p>A {@code TestTelemetry} parameter is resolved for test methods ({@code @Test}, {@code @RepeatedTest},
 * {@code @ParameterizedTest}, {@code @TestFactory}) and their {@code @BeforeEach}/{@code @AfterEach} methods; helpers
 * can reach it with {@link TestTelemetry#current()}. The dynamic tests of a {@code @TestFactory} share its telemetry.
 */
public final class WorkflowTelemetryExtension
        implements BeforeEachCallback, AfterEachCallback, ParameterResolver, InvocationInterceptor {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(WorkflowTelemetryExtension.class);

    private final boolean windowGauges;

    /** Created by JUnit through {@code @ExtendWith}, or by a {@code @RegisterExtension} field. */
    public WorkflowTelemetryExtension() {
        this(false);
    }

    private WorkflowTelemetryExtension(boolean windowGauges) {
        this.windowGauges = windowGauges;
    }

    /**
     * An extension whose tests' metrics include the recent-window gauges (see
     * {@link TestTelemetry#openWithWindowGauges()}), for a {@code @RegisterExtension} field.
     *
     * @return the extension
     */
    public static WorkflowTelemetryExtension withWindowGauges() {
        return new WorkflowTelemetryExtension(true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(TestTelemetry.class,
                windowGauges ? TestTelemetry.openWithWindowGauges() : TestTelemetry.open());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestTelemetry telemetry = context.getStore(NAMESPACE).remove(TestTelemetry.class, TestTelemetry.class);
        if (telemetry != null) {
            telemetry.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestTelemetry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return telemetryOf(context);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        proceedInScope(invocation, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        proceedInScope(invocation, context);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        proceedInScope(invocation, context);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        proceedInScope(invocation, context);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        try (Scope ignored = telemetryOf(context).makeCurrent()) {
            return invocation.proceed();
        }
    }

    /** Dynamic tests share the telemetry of their {@code @TestFactory} method, current while each runs. */
    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext dynamic,
            ExtensionContext context) throws Throwable {
        proceedInScope(invocation, context);
    }

    private static void proceedInScope(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        try (Scope ignored = telemetryOf(context).makeCurrent()) {
            invocation.proceed();
        }
    }

    private static TestTelemetry telemetryOf(ExtensionContext context) {
        TestTelemetry telemetry = context.getStore(NAMESPACE).get(TestTelemetry.class, TestTelemetry.class);
        if (telemetry == null) {
            throw new IllegalStateException("TestTelemetry exists for test methods and their @BeforeEach and "
                    + "@AfterEach methods only");
        }
        return telemetry;
    }
}
