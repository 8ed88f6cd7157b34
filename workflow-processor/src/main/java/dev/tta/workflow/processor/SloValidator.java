package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Reads {@code @LatencySlo} (repeated or not) and {@code @AvailabilitySlo} from an element into
 * {@link InstrumentedModel.Slo}s, reporting every invalid value as an error on the annotation (and the value, where
 * it was written), tagged {@code [SloSomething]} and saying how to fix it.
 */
final class SloValidator {

    /** The longest compliance period, in days. */
    static final int MAX_PERIOD_DAYS = 365;

    private final TypeChecks checks;

    SloValidator(TypeChecks checks) {
        this.checks = checks;
    }

    /** Whether the element carries an objective. */
    static boolean hasSlos(Element element) {
        return firstSlo(element) != null;
    }

    /** The first objective annotation of the element (a container for repeated ones), or null. */
    static AnnotationMirror firstSlo(Element element) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (isSlo(mirror)) {
                return mirror;
            }
        }
        return null;
    }

    private static boolean isSlo(AnnotationMirror mirror) {
        String name = qualifiedName(mirror);
        return name.equals(RuntimeNames.LATENCY_SLO.canonicalName())
                || name.equals(RuntimeNames.LATENCY_SLO_LIST.canonicalName())
                || name.equals(RuntimeNames.AVAILABILITY_SLO.canonicalName());
    }

    private static String qualifiedName(AnnotationMirror mirror) {
        return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
    }

    /**
     * The objectives of an element, in source order.
     *
     * @param element a type or a method
     * @param report where invalid objectives are reported
     * @return the objectives, or empty after reporting at least one error
     */
    Optional<List<InstrumentedModel.Slo>> read(Element element, Report report) {
        boolean valid = true;
        Map<String, InstrumentedModel.Slo> byName = new LinkedHashMap<>();
        for (AnnotationMirror mirror : annotations(element)) {
            Optional<InstrumentedModel.Slo> slo = slo(element, mirror, report);
            if (slo.isEmpty()) {
                valid = false;
                continue;
            }
            InstrumentedModel.Slo previous = byName.putIfAbsent(slo.get().name(), slo.get());
            if (previous != null) {
                valid = report.add(element, mirror, null, Diagnostic.SLO_DUPLICATE_NAME, describe(element),
                        slo.get().name());
            }
        }
        return valid ? Optional.of(List.copyOf(byName.values())) : Optional.empty();
    }

    /** The objective annotations, repeated {@code @LatencySlo}s taken out of their container. */
    private static List<AnnotationMirror> annotations(Element element) {
        List<AnnotationMirror> found = new ArrayList<>();
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            String name = qualifiedName(mirror);
            if (name.equals(RuntimeNames.LATENCY_SLO_LIST.canonicalName())) {
                AnnotationValue value = Annotations.explicitValue(mirror, "value");
                if (value != null && value.getValue() instanceof List<?> repeated) {
                    for (Object each : repeated) {
                        if (each instanceof AnnotationValue nested && nested.getValue() instanceof AnnotationMirror m) {
                            found.add(m);
                        }
                    }
                }
            } else if (isSlo(mirror)) {
                found.add(mirror);
            }
        }
        return found;
    }

    private Optional<InstrumentedModel.Slo> slo(Element element, AnnotationMirror mirror, Report report) {
        boolean latency = qualifiedName(mirror).equals(RuntimeNames.LATENCY_SLO.canonicalName());
        String annotation = latency ? "@LatencySlo" : "@AvailabilitySlo";
        String where = " on " + describe(element);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
                : checks.elements.getElementValuesWithDefaults(mirror).entrySet()) {
            values.put(entry.getKey().getSimpleName().toString(), entry.getValue().getValue());
        }
        boolean valid = true;
        double target = values.get("target") instanceof Double given ? given : Double.NaN;
        if (!(target > 0 && target < 1)) {
            valid = report.add(element, mirror, Annotations.explicitValue(mirror, "target"), Diagnostic.SLO_TARGET,
                    annotation, target, where);
        }
        long thresholdMillis = 0;
        if (latency) {
            thresholdMillis = values.get("thresholdMillis") instanceof Long given ? given : 0;
            if (thresholdMillis <= 0) {
                valid = report.add(element, mirror, Annotations.explicitValue(mirror, "thresholdMillis"),
                        Diagnostic.SLO_THRESHOLD, thresholdMillis, where);
            }
        }
        int periodDays = values.get("periodDays") instanceof Integer given ? given : 0;
        if (periodDays < 1 || periodDays > MAX_PERIOD_DAYS) {
            valid = report.add(element, mirror, Annotations.explicitValue(mirror, "periodDays"), Diagnostic.SLO_PERIOD,
                    annotation, periodDays, where, MAX_PERIOD_DAYS);
        }
        String name = values.get("name") instanceof String given ? given : "";
        if (!name.isEmpty() && name.isBlank()) {
            valid = report.add(element, mirror, Annotations.explicitValue(mirror, "name"), Diagnostic.SLO_BLANK_NAME,
                    annotation, where, latency ? "latency-" + thresholdMillis + "ms" : "availability");
        }
        if (!valid) {
            return Optional.empty();
        }
        if (name.isEmpty()) {
            name = "latency-" + thresholdMillis + "ms";
        }
        return Optional.of(new InstrumentedModel.Slo(name,
                latency ? InstrumentedModel.SloKind.LATENCY : InstrumentedModel.SloKind.AVAILABILITY,
                target, thresholdMillis, periodDays));
    }

    /**
     * The objectives of a method: its type's, each replaced by the method's own of the same name, then the method's
     * others.
     */
    static List<InstrumentedModel.Slo> merge(List<InstrumentedModel.Slo> inherited, List<InstrumentedModel.Slo> own) {
        Map<String, InstrumentedModel.Slo> byName = new LinkedHashMap<>();
        inherited.forEach(slo -> byName.put(slo.name(), slo));
        own.forEach(slo -> byName.put(slo.name(), slo));
        return List.copyOf(byName.values());
    }

    /**
     * Reports objectives on an element they cannot apply to.
     *
     * @param element the element carrying them
     * @param diagnostic the error, e.g. {@link Diagnostic#SLO_UNTRACED}
     * @param reason why, e.g. "foo() is not traced, as it is private"; a sentence fragment
     * @param fix what to do, e.g. "Put @Observed on foo()"; a sentence without its period
     * @param report where the error goes
     * @return false
     */
    static boolean misplaced(Element element, Diagnostic diagnostic, String reason, String fix, Report report) {
        return report.add(element, firstSlo(element), null, diagnostic, describe(element), reason, fix);
    }

    static String describe(Element element) {
        if (element.getKind() == ElementKind.METHOD) {
            return "method " + element.getSimpleName() + "()";
        }
        String kind = switch (element.getKind()) {
            case INTERFACE -> "interface ";
            case ENUM -> "enum ";
            case RECORD -> "record ";
            case ANNOTATION_TYPE -> "annotation type ";
            default -> "class ";
        };
        return kind + element.getSimpleName();
    }
}
