/**
 * The annotation processor behind {@code @Observed}: for every observed type it writes an {@code Instrumented*}
 * class in the same package, and for the compilation a descriptor of its primitives.
 *
 * <p>The only public type is {@link dev.tta.workflow.processor.ObservedProcessor}, which javac finds through
 * {@code META-INF/services}; everything else is package-private, so the processor's jar has no API to keep stable.
 * One package, with one concern per class, in the order a type goes through them:
 * <ul>
 *   <li>the rounds: {@code ObservedProcessor} (deferral of types waiting for generated ones, the never-crash guard,
 *       the files);</li>
 *   <li>validation, reporting into a {@code Report} from the {@code Diagnostic} catalogue: {@code TypeValidator} (the
 *       declaration), {@code MethodSelector} (which methods, pure), {@code MethodModels} and {@code AttributeReader}
 *       (the methods and their parameter attributes), {@code SloValidator} (objectives),
 *       {@code StrayAnnotationChecker} (annotations no {@code @Observed} makes meaningful);</li>
 *   <li>the model: {@code ModelFactory} builds an immutable {@code InstrumentedModel} of records;</li>
 *   <li>writing: {@code InstrumentedWriter} and {@code TypeNames}, the only JavaPoet users, and
 *       {@code PrimitivesDescriptor};</li>
 *   <li>shared helpers: {@code RuntimeNames} (every runtime type the generated code names, in one place),
 *       {@code Annotations}, {@code TypeChecks}, {@code Names}, {@code AttributeTypes}.</li>
 * </ul>
 *
 * <p>Nothing here depends on the runtime: runtime types are named by {@code ClassName} constants. The processor
 * reads only the annotated type, its members and its supertypes, as Gradle's isolating processors must.
 */
package dev.tta.workflow.processor;
