package dev.tta.workflow.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Finds the silent trap of compile-time instrumentation: {@code new ValidateOrder()} where
 * {@code new InstrumentedValidateOrder()} was meant, which compiles, runs, and produces no span. Every
 * {@code new} of a class that carries {@code @Observed} (on itself or on a method) in the sources of this compilation
 * is a warning at the expression, naming the class to construct instead; anonymous subclasses and expressions inside
 * the class itself (a copy, a factory method) are left alone, and {@code @SuppressWarnings("ObservedBypassed")} on
 * an enclosing declaration silences it.
 *
 * <p>Method bodies are not attributed while annotation processing runs, and attributing them here would corrupt
 * javac's later passes: the constructed type is resolved from the expression's text through the compilation unit's
 * package and imports instead, the way javac resolves a type name. Needs javac's tree API; under another compiler it
 * finds nothing (the runtime then warns once per class, on first construction).
 */
final class BypassScanner {

    private static final String SUPPRESSION = "ObservedBypassed";

    private final Trees trees;
    private final Elements elements;
    private final Set<CompilationUnitTree> scanned = new HashSet<>();

    BypassScanner(ProcessingEnvironment environment) {
        Trees found;
        try {
            found = Trees.instance(environment);
        } catch (IllegalArgumentException | LinkageError notJavac) {
            found = null;
        }
        this.trees = found;
        this.elements = environment.getElementUtils();
    }

    /** Scans the compilation unit of a root element of the round, once. */
    void scan(Element root) {
        if (trees == null) {
            return;
        }
        TreePath path = trees.getPath(root);
        if (path == null || !scanned.add(path.getCompilationUnit())) {
            return;
        }
        CompilationUnitTree unit = path.getCompilationUnit();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitNewClass(NewClassTree node, Void unused) {
                if (node.getClassBody() == null && node.getEnclosingExpression() == null) {
                    check(node, getCurrentPath(), unit);
                }
                return super.visitNewClass(node, unused);
            }
        }.scan(unit, null);
    }

    private void check(NewClassTree node, TreePath path, CompilationUnitTree unit) {
        Tree identifier = node.getIdentifier();
        if (identifier instanceof ParameterizedTypeTree parameterized) {
            identifier = parameterized.getType();
        }
        Optional<TypeElement> resolved = resolve(identifier.toString(), unit);
        if (resolved.isEmpty()) {
            return;
        }
        TypeElement type = resolved.get();
        if (!Annotations.isObservedType(type) || type.getKind() != ElementKind.CLASS
                || insideOf(path, type) || suppressed(path)) {
            return;
        }
        String simple = type.getSimpleName().toString();
        String generated = Names.generatedName(type);
        trees.printMessage(Diagnostic.BYPASSED.kind(), Diagnostic.BYPASSED.message(simple, simple, generated, generated),
                node, unit);
    }

    /** The type a name written in this compilation unit denotes: qualified, imported, or in the same package. */
    private Optional<TypeElement> resolve(String name, CompilationUnitTree unit) {
        String first = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        String rest = name.substring(first.length());
        Deque<String> candidates = new ArrayDeque<>();
        for (ImportTree imported : unit.getImports()) {
            if (imported.isStatic()) {
                continue;
            }
            String text = imported.getQualifiedIdentifier().toString();
            if (text.endsWith("." + first)) {
                candidates.addFirst(text + rest);
            } else if (text.endsWith(".*")) {
                candidates.addLast(text.substring(0, text.length() - 1) + name);
            }
        }
        String packageName = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        candidates.addLast(packageName.isEmpty() ? name : packageName + "." + name);
        candidates.addLast(name);
        for (String candidate : candidates) {
            TypeElement type = elements.getTypeElement(candidate);
            if (type != null) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Whether the expression is written in the class itself (a copy, a factory): there the plain class is meant. */
    private static boolean insideOf(TreePath path, TypeElement type) {
        for (TreePath at = path; at != null; at = at.getParentPath()) {
            if (at.getLeaf() instanceof ClassTree declared
                    && declared.getSimpleName().contentEquals(type.getSimpleName())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a declaration around the expression carries {@code @SuppressWarnings("ObservedBypassed")}. */
    private static boolean suppressed(TreePath path) {
        for (TreePath at = path; at != null; at = at.getParentPath()) {
            ModifiersTree modifiers = switch (at.getLeaf().getKind()) {
                case CLASS, INTERFACE, ENUM, RECORD -> ((ClassTree) at.getLeaf()).getModifiers();
                case METHOD -> ((MethodTree) at.getLeaf()).getModifiers();
                case VARIABLE -> ((VariableTree) at.getLeaf()).getModifiers();
                default -> null;
            };
            if (modifiers == null) {
                continue;
            }
            for (AnnotationTree annotation : modifiers.getAnnotations()) {
                String annotationName = annotation.getAnnotationType().toString();
                if ((annotationName.equals("SuppressWarnings") || annotationName.equals("java.lang.SuppressWarnings"))
                        && annotation.getArguments().toString().contains("\"" + SUPPRESSION + "\"")) {
                    return true;
                }
            }
        }
        return false;
    }
}
