package dev.tta.workflow.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The annotation processor behind {@code @dev.tta.workflow.annotations.Observed}. For every type that carries it, on
 * itself or on some of its methods, it writes {@code Instrumented<Name>} in the same package:
 * <ul>
 *   <li>for a workflow step {@code Validate}, a subclass whose {@code execute} runs the step inside its own span,
 *       child of the span in its {@code WorkflowContext};</li>
 *   <li>for any other class, a subclass overriding each traced method around {@code super.method(...)};</li>
 *   <li>for an interface, a decorator that forwards every method to a delegate, tracing the traced ones;</li>
 * </ul>
 * each traced call with its latency, outcome and logs recorded by the tta-workflow runtime, and counted for the
 * service level objectives declared with {@code @LatencySlo} and {@code @AvailabilitySlo}.
 *
 * <p>At the end of the compilation it writes {@value PrimitivesDescriptor#PATH} to the class output: every observed
 * primitive of the compilation with its workflow and objectives, from which alert rules and dashboards are
 * generated (see {@link PrimitivesDescriptor}). It describes the primitives of the compilation that wrote it, so a
 * partial recompilation (an IDE rebuilding the files that changed) writes a partial one: generate artifacts from a
 * full build. The option {@code -A}{@value #DESCRIPTOR_OPTION}{@code =false} turns it off.
 *
 * <p>Put it on the compiler's processor path (Maven: {@code annotationProcessorPaths}; plain javac:
 * {@code -processorpath}; JDK 23 and later run no processor found only on the class path). It is isolating in
 * Gradle's sense: each generated class comes from exactly one type, its only originating element. The descriptor
 * comes from all of them, which Gradle answers by compiling the whole source set when one of them changes; turn the
 * descriptor off where that matters more than the artifacts.
 *
 * <p>This class only drives the rounds: {@link ModelFactory} checks a type (with {@link TypeValidator},
 * {@link MethodSelector}, {@link MethodModels} and {@link SloValidator}, which report into a {@link Report} from the
 * {@link Diagnostic} catalogue) and builds an {@link InstrumentedModel}, {@link InstrumentedWriter} turns the model
 * into source and {@link PrimitivesDescriptor} collects it for the descriptor; {@link StrayAnnotationChecker} reports
 * annotations that no {@code @Observed} makes meaningful. A type's report is printed once it is known not to be
 * deferred to a later round. Whatever goes wrong with one type is reported on that type (or on the offending method,
 * parameter or annotation value), and the others are still processed; the processor never crashes javac.
 *
 * <p>It also listens to Micrometer's {@code io.micrometer.observation.annotation.Observed}, only to warn when a
 * workflow step carries it by mistake (it needs an AOP runtime and does nothing here). It claims its own annotations
 * ({@code @Observed}, {@code @Observed.Exclude}, {@code @Observed.Attribute}, {@code @LatencySlo},
 * {@code @AvailabilitySlo}, and {@code @WorkflowGenerated} and {@code @Generated} on the classes it writes), so that
 * {@code -Xlint:processing} stays quiet, but never
 * Micrometer's, which other tools may want.
 */
@AutoService(Processor.class)
public final class ObservedProcessor extends AbstractProcessor {

    /** The processor option that turns the descriptor off: {@code -Atta.workflow.descriptor=false}. */
    static final String DESCRIPTOR_OPTION = "tta.workflow.descriptor";

    private final Function<InstrumentedModel, JavaFile> writer;
    /** The primitives generated so far in this compilation, written at its end. */
    private final PrimitivesDescriptor descriptor = new PrimitivesDescriptor();
    /** Types waiting for types another processor may generate: qualified name to what was unresolved. */
    private final Map<String, List<String>> deferred = new LinkedHashMap<>();
    private ModelFactory models;
    private BypassScanner bypasses;
    private StrayAnnotationChecker strays;

    /** Called by the compiler, which finds the processor through {@code META-INF/services}. */
    public ObservedProcessor() {
        this(new InstrumentedWriter()::write);
    }

    /** For tests, which replace the writer to exercise failure handling. */
    ObservedProcessor(Function<InstrumentedModel, JavaFile> writer) {
        this.writer = writer;
    }

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        TypeChecks checks = new TypeChecks(processingEnv);
        models = new ModelFactory(checks);
        bypasses = new BypassScanner(processingEnv);
        strays = new StrayAnnotationChecker(checks);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        // The @Generated and @WorkflowGenerated on the classes written here come back in the next round, where no
        // other processor would claim them: claiming them too keeps -Xlint:processing (part of -Xlint:all) quiet.
        return Set.of(RuntimeNames.OBSERVED.canonicalName(), RuntimeNames.EXCLUDE.canonicalName(),
                RuntimeNames.ATTRIBUTE.canonicalName(), RuntimeNames.MICROMETER_OBSERVED,
                RuntimeNames.WORKFLOW_GENERATED.canonicalName(), RuntimeNames.JAVAX_GENERATED.canonicalName(),
                RuntimeNames.LATENCY_SLO.canonicalName(), RuntimeNames.LATENCY_SLO_LIST.canonicalName(),
                RuntimeNames.AVAILABILITY_SLO.canonicalName());
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(DESCRIPTOR_OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement observed = typeElement(RuntimeNames.OBSERVED.canonicalName());
        boolean micrometerPresent = false;
        for (TypeElement annotation : annotations) {
            if (annotation.getQualifiedName().contentEquals(RuntimeNames.MICROMETER_OBSERVED)) {
                micrometerPresent = true;
                for (Element element : round.getElementsAnnotatedWith(annotation)) {
                    reported(element, report -> strays.checkMicrometer(element, observed, report));
                }
            }
        }

        if (round.processingOver()) {
            reportStillUnresolved();
            writeDescriptor();
            return !micrometerPresent;
        }
        // Deferred types first, looked up again by name: elements are not meant to outlive their round.
        Map<String, TypeElement> work = new LinkedHashMap<>();
        deferred.keySet().forEach(name -> Optional.ofNullable(typeElement(name))
                .ifPresent(type -> work.put(name, type)));
        deferred.clear();
        if (observed != null) {
            for (Element root : round.getRootElements()) {
                guarded(root, () -> bypasses.scan(root));
            }
            for (Element element : round.getElementsAnnotatedWith(observed)) {
                // @Target(TYPE, METHOD): a type, or a method whose enclosing element is its type.
                Element type = element instanceof TypeElement ? element : element.getEnclosingElement();
                if (type instanceof TypeElement typeElement) {
                    work.putIfAbsent(typeElement.getQualifiedName().toString(), typeElement);
                }
            }
        }
        for (TypeElement type : work.values()) {
            guarded(type, () -> generate(type));
        }
        // Attributes and exclusions in types without @Observed, which no validation above has seen.
        TypeElement attribute = typeElement(RuntimeNames.ATTRIBUTE.canonicalName());
        if (attribute != null) {
            for (Element parameter : round.getElementsAnnotatedWith(attribute)) {
                reported(parameter, report -> strays.checkAttribute(parameter, report));
            }
        }
        // Objectives in types without @Observed, likewise.
        for (ClassName sloAnnotation : List.of(RuntimeNames.LATENCY_SLO, RuntimeNames.LATENCY_SLO_LIST,
                RuntimeNames.AVAILABILITY_SLO)) {
            TypeElement annotation = typeElement(sloAnnotation.canonicalName());
            if (annotation != null) {
                for (Element element : round.getElementsAnnotatedWith(annotation)) {
                    reported(element, report -> strays.checkSlo(element, report));
                }
            }
        }
        TypeElement exclude = typeElement(RuntimeNames.EXCLUDE.canonicalName());
        if (exclude != null) {
            for (Element method : round.getElementsAnnotatedWith(exclude)) {
                reported(method, report -> strays.checkExclude(method, report));
            }
        }
        return !micrometerPresent;
    }

    private void generate(TypeElement type) {
        Optional<InstrumentedModel> model;
        Report report = new Report();
        try {
            model = models.create(type, report);
        } catch (UnresolvedTypeException unresolved) {
            // Reported in the next round, or at the end if it never resolves: nothing now.
            deferred.put(type.getQualifiedName().toString(), unresolved.typeNames());
            return;
        }
        report.printTo(processingEnv.getMessager());
        if (model.isEmpty()) {
            return;
        }
        descriptor.add(model.get());
        JavaFile file = writer.apply(model.get());
        try {
            file.writeTo(processingEnv.getFiler());
        } catch (IOException notWritten) {
            // Typically a stale copy of the generated file among the sources (an IDE or an incremental build
            // compiling target/generated-sources again); javac compiles that copy, so warn rather than fail.
            print(type, Diagnostic.NOT_WRITTEN, file.packageName() + (file.packageName().isEmpty() ? "" : ".")
                    + file.typeSpec().name(), notWritten.getMessage());
        }
    }

    /**
     * Writes the descriptor of the compilation's primitives, unless there are none or it is turned off. A failure to
     * write it is a warning: the generated classes are fine without it.
     */
    private void writeDescriptor() {
        if (descriptor.isEmpty() || "false".equalsIgnoreCase(processingEnv.getOptions().get(DESCRIPTOR_OPTION))) {
            return;
        }
        try {
            // No originating elements: it comes from every observed type of the compilation.
            FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                    PrimitivesDescriptor.PATH);
            try (OutputStream out = file.openOutputStream()) {
                out.write(descriptor.toJson().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException notWritten) {
            print(null, Diagnostic.DESCRIPTOR_NOT_WRITTEN, PrimitivesDescriptor.PATH, notWritten);
        }
    }

    private void reportStillUnresolved() {
        deferred.forEach((name, missing) -> {
            TypeElement type = typeElement(name);
            reported(type, report -> report.add(type, Diagnostic.UNRESOLVED, Names.generatedName(type),
                    type.getSimpleName(), String.join(", ", missing)));
        });
        deferred.clear();
    }

    /** Runs one element's work, turning any bug of ours into an error on that element instead of a javac crash. */
    private void guarded(Element element, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException bug) {
            StringWriter stack = new StringWriter();
            bug.printStackTrace(new PrintWriter(stack));
            print(element, Diagnostic.INTERNAL_ERROR, stack);
        }
    }

    /** Runs a check of one element, guarded, and prints what it reported. */
    private void reported(Element element, Consumer<Report> check) {
        guarded(element, () -> {
            Report report = new Report();
            check.accept(report);
            report.printTo(processingEnv.getMessager());
        });
    }

    private void print(Element element, Diagnostic diagnostic, Object... arguments) {
        Report report = new Report();
        report.add(element, diagnostic, arguments);
        report.printTo(processingEnv.getMessager());
    }

    private TypeElement typeElement(String name) {
        return processingEnv.getElementUtils().getTypeElement(name);
    }
}
