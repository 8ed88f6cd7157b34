package dev.tta.workflow;

import dev.tta.workflow.internal.BuildSite;
import dev.tta.workflow.internal.TelemetryErrors;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Built-in primitives that were not named share their type's default name ({@code retry}, {@code cache}...), and so
 * their metrics, percentiles and objectives. When primitives built at two different places in the code run under one
 * default name, this is said once per name, at WARN, naming both places. Checked at an instance's first execution
 * (an instance renamed before it runs is never counted), with one map lookup.
 */
final class DefaultNames {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tta.workflow.telemetry");
    private static final Set<String> DEFAULTS = Set.of(Sequence.DEFAULT_NAME, Parallel.DEFAULT_NAME,
            Retry.DEFAULT_NAME, Timeout.DEFAULT_NAME, CircuitBreaker.DEFAULT_NAME, Conditional.DEFAULT_NAME,
            Router.DEFAULT_NAME, Fallback.DEFAULT_NAME, Saga.DEFAULT_NAME, Cache.DEFAULT_NAME);
    /** The first place each default name ran from; at most one entry per default name. */
    private static final Map<String, BuildSite.Location> FIRST = new ConcurrentHashMap<>();
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private DefaultNames() {
    }

    /** A primitive built at {@code site} runs under {@code name} for the first time. */
    static void firstRun(String name, BuildSite.Location site) {
        if (site == null || !DEFAULTS.contains(name)) {
            return;
        }
        BuildSite.Location first = FIRST.putIfAbsent(name, site);
        if (first == null || first.equals(site) || !REPORTED.add(name)) {
            return;
        }
        try {
            LOG.warn("Unnamed {} primitives built at {}:{} and at {}:{} share the name '{}', so their spans, "
                    + "metrics, percentiles and objectives merge. Give each its own with named(...).", name,
                    first.file(), first.line(), site.file(), site.line(), name);
        } catch (Throwable loggingFailed) {
            TelemetryErrors.report("warning of a shared default name", loggingFailed);
        }
    }
}
