package dev.tta.workflow.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * Finds the silent trap of compile-time instrumentation: {@code new ValidateOrder()} where
 * {@code new InstrumentedValidateOrder()} was meant, which compiles, runs, and produces no span. Every
 * {@code new} of a type that carries {@code @Observed} (on itself or on a method) in the sources of this compilation
 * is a warning at the expression, naming the class to construct instead; anonymous subclasses and expressions inside
 * the type itself (a copy, a factory method) are left alone, and
 * {@code @SuppressWarnings("ObservedBypassed")} on an enclosing declaration silences it. Needs javac's tree API;
 * under another compiler it finds nothing (the runtime then warns once per class, on first construction).
 */
final class BypassScanner {

    private static final String SUPPRESSION = "ObservedBypassed";

    private final Trees trees;
    private final Set<CompilationUnitTree> scanned = new HashSet<>();

    BypassScanner(ProcessingEnvironment environment) {
        Trees found;
        try {
            found = Trees.instance(environment);
        } catch (IllegalArgumentException | LinkageError notJavac) {
            found = null;
        }
        this.trees = found;
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
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitNewClass(NewClassTree node, Void unused) {
                if (node.getClassBody() == null) {
                    check(node, getCurrentPath());
                }
                return super.visitNewClass(node, unused);
            }
        }.scan(path.getCompilationUnit(), null);
    }

    private void check(NewClassTree node, TreePath path) {
        Element constructed = trees.getElement(new TreePath(path, node.getIdentifier()));
        if (!(constructed instanceof TypeElement type) || !Annotations.isObservedType(type)
                || type.getKind() == ElementKind.INTERFACE || insideOf(path, type) || suppressed(path)) {
            return;
        }
        String simple = type.getSimpleName().toString();
        String generated = Names.generatedName(type);
        trees.printMessage(Diagnostic.BYPASSED.kind(),
                Diagnostic.BYPASSED.message(simple, simple, generated, generated), node, path.getCompilationUnit());
    }

    /** Whether the expression is written in the type itself (a copy, a factory): there the plain class is meant. */
    private boolean insideOf(TreePath path, TypeElement type) {
        for (TreePath at = path; at != null; at = at.getParentPath()) {
            if (type.equals(trees.getElement(at))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a declaration around the expression suppresses the warning. */
    private boolean suppressed(TreePath path) {
        for (TreePath at = path; at != null; at = at.getParentPath()) {
            Element element = trees.getElement(at);
            SuppressWarnings suppression = element == null ? null : element.getAnnotation(SuppressWarnings.class);
            if (suppression != null && java.util.List.of(suppression.value()).contains(SUPPRESSION)) {
                return true;
            }
        }
        return false;
    }
}
