package dev.tta.workflow.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * Reads the {@code @Observed.Attribute} parameters of the traced methods of one type: their keys (blank, reserved
 * and duplicate keys are errors), how each value is converted ({@link AttributeTypes}), and one static
 * {@code AttributeKey} field per key and type, shared by the methods that record it.
 */
final class AttributeReader {

    /** Keys the runtime sets itself: a parameter attribute with one of them would overwrite it or be overwritten. */
    private static final Set<String> RESERVED_KEYS = Set.of("code.function.name", "error.type");
    private static final String RESERVED_PREFIX = "workflow.";

    private final Report report;
    /** The names of the type's static fields (and parameters), shared with the telemetry fields. */
    private final Set<String> taken;
    private final Map<String, InstrumentedModel.AttributeKeyField> keys = new LinkedHashMap<>();

    AttributeReader(Report report, Set<String> taken) {
        this.report = report;
        this.taken = taken;
    }

    /**
     * The attributes of a method's {@code @Observed.Attribute} parameters.
     *
     * @param method the traced method
     * @param parameterTypes its parameter types, as seen from the annotated type
     * @return the attributes, or empty after reporting an error
     */
    Optional<List<InstrumentedModel.Attribute>> read(ExecutableElement method,
            List<? extends TypeMirror> parameterTypes) {
        boolean valid = true;
        List<InstrumentedModel.Attribute> attributes = new ArrayList<>();
        Map<String, VariableElement> seen = new LinkedHashMap<>();
        List<? extends VariableElement> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            VariableElement parameter = parameters.get(i);
            AnnotationMirror annotation = Annotations.annotation(parameter,
                    RuntimeNames.ATTRIBUTE.canonicalName());
            if (annotation == null) {
                continue;
            }
            AnnotationValue value = Annotations.explicitValue(annotation, "value");
            String key = value == null || ((String) value.getValue()).isEmpty()
                    ? parameter.getSimpleName().toString() : (String) value.getValue();
            String where = "parameter " + parameter.getSimpleName() + " of " + method.getSimpleName() + "()";
            if (key.isBlank()) {
                valid = report.add(parameter, annotation, value, Diagnostic.BLANK_ATTRIBUTE, where,
                        parameter.getSimpleName());
                continue;
            }
            if (RESERVED_KEYS.contains(key) || key.startsWith(RESERVED_PREFIX)) {
                valid = report.add(parameter, annotation, value, Diagnostic.RESERVED_ATTRIBUTE, key, where);
                continue;
            }
            VariableElement previous = seen.putIfAbsent(key, parameter);
            if (previous != null) {
                valid = report.add(parameter, Diagnostic.DUPLICATE_ATTRIBUTE, where, previous.getSimpleName(), key);
                continue;
            }
            AttributeTypes.Mapping mapping = AttributeTypes.of(parameterTypes.get(i));
            InstrumentedModel.AttributeKeyField field = keys.computeIfAbsent(mapping.keyType() + "\n" + key,
                    ignored -> new InstrumentedModel.AttributeKeyField(Names.uniqueName(
                            Names.constantName(key, "ATTRIBUTE"), taken), mapping.keyType(), key));
            attributes.add(new InstrumentedModel.Attribute(field.field(), parameter.getSimpleName().toString(),
                    mapping.conversion()));
        }
        return valid ? Optional.of(attributes) : Optional.empty();
    }

    /** The attribute key fields, in order of first use. */
    List<InstrumentedModel.AttributeKeyField> keys() {
        return List.copyOf(keys.values());
    }
}
