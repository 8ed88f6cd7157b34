package dev.tta.workflow.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * Where a method is written, for the {@code code.file.path} and {@code code.line.number} span attributes: read from
 * javac's trees, so a method compiled from source in this compilation has one, while a method inherited from a class
 * file, or any method under a compiler without javac's tree API, has none (the attributes are then left out, never
 * guessed). The path is relative to the source root ({@code com/acme/Validate.java}), as in a stack trace, so that
 * builds stay reproducible and no build machine's directories end up in spans.
 */
final class SourceLocations {

    private final Trees trees;

    SourceLocations(ProcessingEnvironment environment) {
        this.trees = treesOf(environment);
    }

    private static Trees treesOf(ProcessingEnvironment environment) {
        try {
            return Trees.instance(environment);
        } catch (IllegalArgumentException | LinkageError notJavac) {
            return null; // another compiler: no source positions
        }
    }

    /**
     * The file and line of a method's declaration (the line of its return type, where its name is written).
     *
     * @param method the method
     * @return its location, or empty if the compiler has none for it
     */
    Optional<InstrumentedModel.SourceLocation> of(ExecutableElement method) {
        if (trees == null) {
            return Optional.empty();
        }
        try {
            TreePath path = trees.getPath(method);
            if (path == null || !(path.getLeaf() instanceof MethodTree tree)) {
                return Optional.empty();
            }
            CompilationUnitTree unit = path.getCompilationUnit();
            SourcePositions positions = trees.getSourcePositions();
            Tree anchor = tree.getReturnType() != null ? tree.getReturnType() : tree;
            long start = positions.getStartPosition(unit, anchor);
            if (start < 0 || unit.getLineMap() == null) {
                return Optional.empty();
            }
            long line = unit.getLineMap().getLineNumber(start);
            String file = fileName(unit.getSourceFile().getName());
            String packagePath = packagePath(method);
            return line > 0 && !file.isEmpty()
                    ? Optional.of(new InstrumentedModel.SourceLocation(packagePath + file, line))
                    : Optional.empty();
        } catch (RuntimeException | LinkageError unavailable) {
            return Optional.empty();
        }
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    private static String packagePath(Element element) {
        Element at = element;
        while (at != null && at.getKind() != javax.lang.model.element.ElementKind.PACKAGE) {
            at = at.getEnclosingElement();
        }
        if (at == null) {
            return "";
        }
        String name = ((javax.lang.model.element.PackageElement) at).getQualifiedName().toString();
        return name.isEmpty() ? "" : name.replace('.', '/') + '/';
    }
}
