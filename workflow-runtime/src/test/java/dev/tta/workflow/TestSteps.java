package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps written the way the annotation processor writes {@code Instrumented*} classes (the runtime's tests cannot run
 * the processor: it depends on the runtime).
 */
public final class TestSteps {

    private TestSteps() {
    }

    /** A step that applies a function, instrumented like generated code. */
    public static <I, O> WorkflowPrimitive<I, O> step(String name, Function<I, O> body) {
        return new Instrumented<>(name, (input, context) -> body.apply(input));
    }

    /** A step with access to its context, instrumented like generated code. */
    public static <I, O> WorkflowPrimitive<I, O> step(String name, Body<I, O> body) {
        return new Instrumented<>(name, body);
    }

    /** A step with service level objectives, as generated from {@code @LatencySlo} and {@code @AvailabilitySlo}. */
    public static <I, O> WorkflowPrimitive<I, O> sloStep(String name, Body<I, O> body,
            ServiceLevelObjective... objectives) {
        return new Instrumented<>(name, body, objectives);
    }

    /** A step that throws the given exception instance. */
    public static <I, O> WorkflowPrimitive<I, O> failing(String name, Exception failure) {
        return new Instrumented<>(name, (input, context) -> {
            throw failure;
        });
    }

    /** A step that sleeps, then returns its input. */
    public static <T> WorkflowPrimitive<T, T> sleeping(String name, long millis) {
        return new Instrumented<>(name, (input, context) -> {
            Thread.sleep(millis);
            return input;
        });
    }

    /** A step that waits until released (or interrupted), then returns its input. */
    public static <T> WorkflowPrimitive<T, T> blocking(String name, CountDownLatch started, CountDownLatch release) {
        return new Instrumented<>(name, (input, context) -> {
            started.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return input;
        });
    }

    /** The body of a test step. */
    @FunctionalInterface
    public interface Body<I, O> {
        O apply(I input, WorkflowContext context) throws Exception;
    }

    /** What the processor generates, written by hand. */
    static final class Instrumented<I, O> extends WorkflowPrimitive<I, O> {
        private static final Logger LOG = LoggerFactory.getLogger(Instrumented.class);
        private final PrimitiveTelemetry telemetry;
        private final Body<I, O> body;

        Instrumented(String name, Body<I, O> body, ServiceLevelObjective... objectives) {
            this.telemetry = PrimitiveTelemetry.forStep(name, Instrumented.class, objectives);
            this.body = body;
        }

        @Override
        public String name() {
            return telemetry.name();
        }

        @Override
        public O execute(I input, WorkflowContext context) throws Exception {
            Invocation invocation = telemetry.begin(context, input);
            try {
                if (invocation.substituted()) {
                    return invocation.substitution();
                }
                LOG.info("inside {}", telemetry.name());
                return invocation.returned(body.apply(input, invocation.context()));
            } catch (Throwable failure) {
                invocation.fail(failure);
                throw failure;
            } finally {
                invocation.end();
            }
        }
    }
}
