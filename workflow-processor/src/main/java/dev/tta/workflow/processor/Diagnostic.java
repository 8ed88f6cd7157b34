package dev.tta.workflow.processor;

import java.util.Locale;
import javax.tools.Diagnostic.Kind;

/**
 * Every diagnostic the processor reports: its tag, its kind and its text, in one place (MapStruct's {@code Message}).
 *
 * <p>The tag starts the message as {@code [ObservedSomething]}, so that users can search for it; the README's table
 * of diagnostics lists every tag, which a test checks. Several constants may share a tag when one problem reads
 * differently in different places (a blank name on a step, a type or a method). Each text says what is wrong and how
 * to fix it; its {@code %s} placeholders are filled, in order, with the arguments given when it is reported.
 */
enum Diagnostic {

    // The annotated type.

    RECORD("ObservedRecord", Kind.ERROR, "@Observed cannot trace record %1$s: a record is final, so %2$s cannot extend "
            + "it. Declare the methods to trace in an interface that %1$s implements and put @Observed on the "
            + "interface, or make %1$s a class."),
    ENUM("ObservedEnum", Kind.ERROR, "@Observed cannot trace enum %1$s: an enum cannot be extended, so %2$s cannot "
            + "exist. Declare the methods to trace in an interface that %1$s implements and put @Observed on the "
            + "interface."),
    ANNOTATION_TYPE("ObservedAnnotationType", Kind.ERROR, "@Observed cannot trace annotation type %s: it has no code "
            + "to run. Remove @Observed."),
    PRIVATE("ObservedPrivate", Kind.ERROR, "%s must not be private: %s is written next to it and must %s it. Make it "
            + "package-private or public."),
    IN_PRIVATE("ObservedInPrivate", Kind.ERROR, "%s is nested in private %s %s, so %s cannot %s it. Make %s "
            + "package-private or public."),
    FINAL("ObservedFinal", Kind.ERROR, "%s must not be final: %s extends it. Remove final (in Kotlin, declare the "
            + "class open)."),
    SEALED("ObservedSealed", Kind.ERROR, "%s is sealed, and %s is not among its permitted subtypes. Make it "
            + "non-sealed, or put @Observed on its permitted subtypes instead."),
    TYPE_PARAMETER_CLASH("ObservedTypeParameterClash", Kind.ERROR, "Type parameter %s of %s hides the one of %s, and "
            + "%s must declare both. Rename one of them."),
    CONSTRUCTOR_PRIVATE_TYPE("ObservedPrivateType", Kind.ERROR, "This constructor refers to private type %s, which %s "
            + "cannot name to mirror it. Make %s package-private, or the constructor private."),
    NO_CONSTRUCTOR("ObservedNoConstructor", Kind.ERROR, "%s has only private constructors, so %s cannot call any of "
            + "them. Make at least one constructor package-private, protected or public."),
    ABSTRACT_EXECUTE("ObservedAbstractExecute", Kind.ERROR, "%1$s does not implement execute, so %2$s has no "
            + "super.execute to call. Implement execute in %1$s (or in one of its superclasses)."),
    FINAL_EXECUTE("ObservedFinalExecute", Kind.ERROR, "execute is final in %s, so %s cannot override it to trace it. "
            + "Remove final from execute."),
    NAME_METHOD("ObservedNameMethod", Kind.ERROR, "%s, but %s overrides name() with the step name. Remove it and use "
            + "@Observed(name = \"...\") instead, so that spans, metrics and name() agree."),
    BLANK_STEP_NAME("ObservedBlankName", Kind.ERROR, "@Observed(name) must not be blank: it names the step in spans, "
            + "metrics and logs. Give a name, or leave name out to use the class name \"%s\"."),
    BLANK_TYPE_NAME("ObservedBlankName", Kind.ERROR, "@Observed(name) must not be blank: it stands for %1$s in the "
            + "span names of its methods. Give a name, or leave name out to use \"%1$s\"."),
    BLANK_WORKFLOW("ObservedBlankWorkflow", Kind.ERROR, "@Observed(workflow) must not be blank: it names the workflow "
            + "of %s in the generated dashboards and alert rules. Give the name passed to "
            + "WorkflowContext.start(name), or leave workflow out."),
    CLASH_IN_COMPILATION("ObservedClash", Kind.ERROR, "%s already generates %s in this compilation. Rename one of the "
            + "two types."),
    CLASH_WITH_TYPE("ObservedClash", Kind.ERROR, "A type named %1$s already exists, and it is the name of the class "
            + "generated for %2$s. Rename that type or %2$s."),
    NOTHING_TO_TRACE("ObservedNothingToTrace", Kind.WARNING, "@Observed on %1$s traces nothing: %1$s %2$s. Put "
            + "@Observed on the methods to trace, or remove it from %1$s."),

    // Methods.

    EXCLUDE_CONFLICT("ObservedExcludeConflict", Kind.ERROR, "%s carries both @Observed and @Observed.Exclude. Keep one "
            + "of them."),
    ON_STEP_EXECUTE("ObservedOnExecute", Kind.ERROR, "execute() is traced already, as the workflow step: remove "
            + "@Observed from execute()."),
    ON_EXECUTE("ObservedOnExecute", Kind.ERROR, "A workflow step is traced through its class, so that the span of "
            + "execute() is a child of its WorkflowContext's span: move @Observed from execute() to class %s."),
    STATIC_METHOD("ObservedStaticMethod", Kind.ERROR, "@Observed method %s is static, and a static method cannot be "
            + "overridden, so %s cannot trace it. Make it an instance method, or remove @Observed."),
    STATIC_INTERFACE_METHOD("ObservedStaticMethod", Kind.ERROR, "@Observed method %s is static: calls to it never go "
            + "through %s, so it cannot be traced. Make it a default method, or remove @Observed."),
    PRIVATE_METHOD("ObservedPrivateMethod", Kind.ERROR, "@Observed method %s is private, so %s cannot override it to "
            + "trace it. Make it package-private, protected or public, or remove @Observed."),
    PRIVATE_INTERFACE_METHOD("ObservedPrivateMethod", Kind.ERROR, "@Observed method %s is private, so %s cannot "
            + "override it to trace it. Make it a default method, or remove @Observed."),
    FINAL_METHOD("ObservedFinalMethod", Kind.ERROR, "@Observed method %s is final, so %s cannot override it to trace "
            + "it. Remove final, or remove @Observed."),
    ABSTRACT_METHOD("ObservedAbstractMethod", Kind.ERROR, "@Observed method %s is abstract, so %s has no "
            + "implementation of it to call. Put @Observed on the method that implements it, in the subclass."),
    BLANK_METHOD_NAME("ObservedBlankName", Kind.ERROR, "@Observed(name) must not be blank: it names the span of %s and "
            + "its metrics. Give a name, or leave name out to use \"%s\"."),
    PRIVATE_TYPE("ObservedPrivateType", Kind.ERROR, "%1$s refers to %2$s type %3$s, which %4$s cannot name to override "
            + "%1$s. Make %5$s %6$s%7$s"),
    INACCESSIBLE_TYPE("ObservedInaccessibleType", Kind.WARNING, "@Observed on %1$s does not trace %2$s: it refers to "
            + "%3$s type %4$s, which %5$s cannot name to override it. Put @Observed.Exclude on %2$s to leave it out "
            + "without this warning, or make %6$s %7$s."),
    INHERITED_INACCESSIBLE_TYPE("ObservedInheritedInaccessibleType", Kind.NOTE, "@Observed on %s does not trace %s, "
            + "inherited from %s: it refers to %s type %s, which %s cannot name to override it."),
    EXCLUDE_UNUSED("ObservedExcludeUnused", Kind.WARNING, "@Observed.Exclude on %s() excludes nothing: %s. Remove "
            + "@Observed.Exclude."),

    // Parameter attributes.

    ATTRIBUTE_UNTRACED("ObservedAttributeUntraced", Kind.ERROR, "@Observed.Attribute on parameter %1$s of %2$s records "
            + "nothing: %2$s is not traced, as %3$s. Put @Observed on %2$s (which must be neither private, static nor "
            + "final), or remove @Observed.Attribute."),
    ATTRIBUTE_ON_CONSTRUCTOR("ObservedAttributeUntraced", Kind.ERROR, "@Observed.Attribute on parameter %s of a "
            + "constructor records nothing: only methods are traced. Remove @Observed.Attribute."),
    BLANK_ATTRIBUTE("ObservedBlankAttribute", Kind.ERROR, "The attribute key of %1$s must not be blank. Give a key "
            + "such as \"order.id\", or leave the value out to use the parameter's name \"%2$s\"."),
    RESERVED_ATTRIBUTE("ObservedReservedAttribute", Kind.ERROR, "The attribute key \"%s\" of %s is set by tta-workflow "
            + "itself (workflow.*, code.function.name, error.type). Choose another key, for example with your "
            + "domain's prefix."),
    DUPLICATE_ATTRIBUTE("ObservedDuplicateAttribute", Kind.ERROR, "%s and parameter %s both record the attribute "
            + "\"%s\": one would overwrite the other. Give them different keys."),

    // Service level objectives.

    SLO_TARGET("SloTarget", Kind.ERROR, "%s(target = %s)%s must be a share strictly between 0 and 1 of the executions: "
            + "write 0.99 for 99 %%, 0.999 for 99.9 %%."),
    SLO_THRESHOLD("SloThreshold", Kind.ERROR, "@LatencySlo(thresholdMillis = %s)%s must be greater than 0: it is the "
            + "duration, in milliseconds, within which an execution is good."),
    SLO_PERIOD("SloPeriod", Kind.ERROR, "%s(periodDays = %s)%s must be between 1 and %s: it is the rolling compliance "
            + "period, in days (30 when left out)."),
    SLO_BLANK_NAME("SloBlankName", Kind.ERROR, "%s(name)%s must not be blank: it is the workflow.slo.name of the "
            + "objective's metrics. Give a name, or leave name out for \"%s\"."),
    SLO_DUPLICATE_NAME("SloDuplicateName", Kind.ERROR, "%s has two objectives named \"%s\": each objective of a "
            + "primitive needs a name of its own, the workflow.slo.name of its metrics. Give one of them another "
            + "name = \"...\"."),
    SLO_CONFLICT("SloConflict", Kind.ERROR, "%1$s() is traced as \"%2$s\", like %3$s() before it: one primitive, so "
            + "their objectives and workflow must be the same. Declare the same ones, or give %1$s() a name of its "
            + "own with @Observed(name = \"...\")."),
    SLO_WITHOUT_OBSERVED("SloWithoutObserved", Kind.ERROR, Diagnostic.MISPLACED_SLO),
    SLO_UNTRACED("SloUntraced", Kind.ERROR, Diagnostic.MISPLACED_SLO),
    SLO_ON_EXECUTE("SloOnExecute", Kind.ERROR, Diagnostic.MISPLACED_SLO),

    // Micrometer's look-alike.

    MICROMETER("ObservedMicrometer", Kind.WARNING, "This is Micrometer's @%s, which needs an AOP runtime (Spring AOP or "
            + "AspectJ) and does nothing to a workflow step. To trace %s, import %s instead."),
    MICROMETER_WITHOUT_ASPECT("ObservedMicrometer", Kind.WARNING, "This is Micrometer's @%s, and Micrometer's "
            + "ObservedAspect is not on the class path, so it does nothing to %s. To trace it at compile time, import "
            + "%s instead; to keep Micrometer's, add micrometer-observation's aspect with Spring AOP or AspectJ."),

    // Uses of observed types.

    BYPASSED("ObservedBypassed", Kind.WARNING, "new %s(...) runs without any telemetry: %s is @Observed, and its "
            + "spans, metrics and logs come from the generated %s. Construct %s instead, or add "
            + "@SuppressWarnings(\"ObservedBypassed\") where the plain class is meant."),

    // The processor itself.

    UNRESOLVED("ObservedUnresolved", Kind.ERROR, "%1$s was not generated: %2$s refers to %3$s, which could not be "
            + "resolved. If %3$s should be generated by another annotation processor, look for its errors above; "
            + "otherwise fix the reference."),
    NOT_WRITTEN("ObservedNotWritten", Kind.WARNING, "Could not write %s: %s. If an older copy of it is among the "
            + "sources, build clean."),
    DESCRIPTOR_NOT_WRITTEN("ObservedDescriptorNotWritten", Kind.WARNING, "Could not write %s: %s. The generated "
            + "classes are complete without it; alert rules and dashboards are generated from it."),
    INTERNAL_ERROR("ObservedInternalError", Kind.ERROR, "internal error in the @Observed processor, please report it: "
            + "%s");

    /** Objectives on an element they cannot apply to: where, why (a fragment), and the fix (without its period). */
    private static final String MISPLACED_SLO = "The service level objective on %s applies to nothing: %s. %s, or "
            + "remove the objective.";

    private final String tag;
    private final Kind kind;
    private final String format;

    Diagnostic(String tag, Kind kind, String format) {
        this.tag = tag;
        this.kind = kind;
        this.format = format;
    }

    /** The tag, without brackets: {@code ObservedFinal}. */
    String tag() {
        return tag;
    }

    Kind kind() {
        return kind;
    }

    /**
     * The message to print.
     *
     * @param arguments the values of the placeholders, in order
     * @return {@code [Tag] text}
     */
    String message(Object... arguments) {
        return "[" + tag + "] " + String.format(Locale.ROOT, format, arguments);
    }
}
