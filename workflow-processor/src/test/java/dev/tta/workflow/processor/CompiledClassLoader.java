package dev.tta.workflow.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the class files of a compilation; everything else (the runtime, OpenTelemetry) comes from the test's own
 * loader, so generated code links against the real runtime.
 */
final class CompiledClassLoader extends ClassLoader {

    private final Map<String, byte[]> classes = new HashMap<>();

    CompiledClassLoader(Compilation compilation) {
        super(CompiledClassLoader.class.getClassLoader());
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                // URIs look like /CLASS_OUTPUT/com/acme/Validate.class
                String path = file.toUri().getPath().replaceFirst("^/CLASS_OUTPUT/", "");
                String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
                try (InputStream in = file.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Loads a class of the compilation, wrapping the checked exception. */
    Class<?> load(String name) {
        try {
            return loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("not compiled: " + name, e);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
