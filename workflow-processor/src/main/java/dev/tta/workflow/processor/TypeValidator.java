package dev.tta.workflow.processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks the declaration of a type that carries {@code @Observed} (on itself or on some of its methods): that a class
 * can be generated next to it and extend or implement it, that its constructors can be mirrored, that a workflow
 * step's {@code execute} can be overridden, and that the generated name is free. Each check reports its own errors
 * and says whether the declaration passed; none builds anything.
 */
final class TypeValidator {

    private final TypeChecks checks;
    /** Generated class name to the type it was generated from, across rounds, to catch two types colliding. */
    private final Map<String, String> generatedNames = new HashMap<>();

    TypeValidator(TypeChecks checks) {
        this.checks = checks;
    }

    /** A class or an interface: records, enums and annotation types cannot have a generated subtype. */
    boolean checkKind(TypeElement type, String generatedName, Report report) {
        String name = type.getSimpleName().toString();
        return switch (type.getKind()) {
            case CLASS, INTERFACE -> true;
            case RECORD -> report.add(type, Diagnostic.RECORD, name, generatedName);
            case ENUM -> report.add(type, Diagnostic.ENUM, name, generatedName);
            default -> report.add(type, Diagnostic.ANNOTATION_TYPE, name);
        };
    }

    /** Its modifiers and its enclosing types, and the names of its type parameters. */
    boolean checkDeclaration(TypeElement type, boolean typeLevel, String generatedName, Report report) {
        boolean valid = true;
        boolean isInterface = type.getKind() == ElementKind.INTERFACE;
        String kind = isInterface ? "interface" : "class";
        String subject = typeLevel ? "@Observed " + kind + " " + type.getSimpleName()
                : (isInterface ? "Interface " : "Class ") + type.getSimpleName() + " (which has @Observed methods)";
        String relation = isInterface ? "implement" : "extend";
        if (type.getModifiers().contains(Modifier.PRIVATE)) {
            valid = report.add(type, Diagnostic.PRIVATE, subject, generatedName, relation);
        }
        for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement; outer =
                outer.getEnclosingElement()) {
            if (outer.getModifiers().contains(Modifier.PRIVATE)) {
                valid = report.add(type, Diagnostic.IN_PRIVATE, subject, kindName(outer.getKind()),
                        outer.getSimpleName(), generatedName, relation, outer.getSimpleName());
            }
        }
        if (type.getModifiers().contains(Modifier.FINAL)) {
            valid = report.add(type, Diagnostic.FINAL, subject, generatedName);
        }
        if (type.getModifiers().contains(Modifier.SEALED)) {
            valid = report.add(type, Diagnostic.SEALED, subject, generatedName);
        }
        Map<String, TypeParameterElement> names = new HashMap<>();
        for (TypeParameterElement parameter : ModelFactory.typeParameters(type)) {
            TypeParameterElement other = names.putIfAbsent(parameter.getSimpleName().toString(), parameter);
            if (other != null) {
                valid = report.add(type, Diagnostic.TYPE_PARAMETER_CLASH, parameter.getSimpleName(),
                        parameter.getGenericElement().getSimpleName(), other.getGenericElement().getSimpleName(),
                        generatedName);
            }
        }
        return valid;
    }

    /** At least one constructor to mirror, and none that names a type the generated class cannot. */
    boolean checkConstructors(TypeElement type, String generatedName, List<InstrumentedModel.Constructor> mirrored,
            Report report) {
        boolean valid = true;
        for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (constructor.getModifiers().contains(Modifier.PRIVATE)) {
                continue;
            }
            for (VariableElement parameter : constructor.getParameters()) {
                TypeElement hidden = TypeChecks.privateTypeIn(parameter.asType());
                if (hidden != null) {
                    valid = report.add(constructor, Diagnostic.CONSTRUCTOR_PRIVATE_TYPE, hidden.getQualifiedName(),
                            generatedName, hidden.getSimpleName());
                    break;
                }
            }
        }
        if (mirrored.isEmpty()) {
            valid = report.add(type, Diagnostic.NO_CONSTRUCTOR, type.getSimpleName(), generatedName);
        }
        return valid;
    }

    /** A workflow step's {@code execute} is implemented and not final, and {@code name()} is left to the step. */
    boolean checkStep(TypeElement type, TypeElement primitive, ExecutableElement execute, String generatedName,
            Report report) {
        boolean valid = true;
        if (execute.getModifiers().contains(Modifier.ABSTRACT)) {
            valid = report.add(type, Diagnostic.ABSTRACT_EXECUTE, type.getSimpleName(), generatedName);
        }
        if (execute.getModifiers().contains(Modifier.FINAL)) {
            valid = report.add(type, Diagnostic.FINAL_EXECUTE, execute.getEnclosingElement().getSimpleName(),
                    generatedName);
        }
        return valid & checkNameMethod(type, primitive, generatedName, report);
    }

    private boolean checkNameMethod(TypeElement type, TypeElement primitive, String generatedName, Report report) {
        ExecutableElement primitiveName = ModelFactory.method(primitive, RuntimeNames.NAME, 0);
        for (TypeElement current = type; current != null && !current.equals(primitive);
                current = checks.superclass(current)) {
            for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
                if (method.getSimpleName().contentEquals(RuntimeNames.NAME) && primitiveName != null
                        && checks.elements.overrides(method, primitiveName, type)) {
                    String where = current.equals(type) ? type.getSimpleName() + " declares name()"
                            : "its superclass " + current.getSimpleName() + " declares name()";
                    return report.add(type, Diagnostic.NAME_METHOD, where, generatedName);
                }
            }
        }
        return true;
    }

    /** {@code @Observed(name)}, where given, is not blank. */
    boolean checkBlankName(TypeElement type, AnnotationMirror observed, AnnotationValue value, boolean step,
            Report report) {
        if (value == null || !(value.getValue() instanceof String name) || name.isEmpty() || !name.isBlank()) {
            return true;
        }
        return report.add(type, observed, value, step ? Diagnostic.BLANK_STEP_NAME : Diagnostic.BLANK_TYPE_NAME,
                type.getSimpleName());
    }

    /** No other type of the compilation, and no type on the classpath, has the generated class's name. */
    boolean checkClash(TypeElement type, Report report) {
        String qualified = Names.qualifiedGeneratedName(checks.elements, type);
        String previous = generatedNames.get(qualified);
        if (previous != null && !previous.contentEquals(type.getQualifiedName())) {
            return report.add(type, Diagnostic.CLASH_IN_COMPILATION, previous, qualified);
        }
        TypeElement existing = checks.elements.getTypeElement(qualified);
        // A type we generated before (a class file from an earlier build) is ours to replace.
        if (previous == null && existing != null
                && !Annotations.has(existing, RuntimeNames.WORKFLOW_GENERATED.canonicalName())) {
            return report.add(type, Diagnostic.CLASH_WITH_TYPE, qualified, type.getSimpleName());
        }
        return true;
    }

    /** Records that the type's class is generated, so that another type generating the same name is a clash. */
    void generated(TypeElement type) {
        generatedNames.put(Names.qualifiedGeneratedName(checks.elements, type), type.getQualifiedName().toString());
    }

    private static String kindName(ElementKind kind) {
        return switch (kind) {
            case INTERFACE -> "interface";
            case ENUM -> "enum";
            case RECORD -> "record";
            default -> "class";
        };
    }
}
