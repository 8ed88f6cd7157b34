package dev.tta.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages follow their audiences: they depend on each other in one direction only, and the user API
 * never shows a type of the internal package.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.tta.workflow";
    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** The layers, top first: a package may depend only on the packages after it. */
    private static final List<String> LAYERS = List.of(ROOT, ROOT + ".spi", ROOT + ".context", ROOT + ".internal",
            ROOT + ".telemetry", ROOT + ".slo", ROOT + ".cost");

    @Test
    void packagesDependOnEachOtherInOneDirectionOnly() {
        assertTrue(RUNTIME.size() > 50, "the runtime's classes were found: " + RUNTIME.size());
        Map<String, Set<String>> upward = new TreeMap<>();
        for (JavaClass type : RUNTIME) {
            String from = type.getPackageName();
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = dependency.getTargetClass().getPackageName();
                if (!to.startsWith(ROOT) || to.startsWith(ROOT + ".annotations") || to.equals(from)) {
                    continue;
                }
                assertTrue(LAYERS.contains(from) && LAYERS.contains(to), "unknown package " + from + " or " + to);
                if (LAYERS.indexOf(to) < LAYERS.indexOf(from)) {
                    upward.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>())
                            .add(type.getSimpleName() + " uses " + dependency.getTargetClass().getSimpleName());
                }
            }
        }
        assertEquals(Map.of(), upward, "dependencies against the layering (so a package cycle is possible)");
    }

    @Test
    void noPublicSignatureOfTheApiMentionsAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass type : RUNTIME) {
            if (type.getPackageName().equals(ROOT + ".internal") || !type.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaCodeUnit member : type.getCodeUnits()) {
                if (!exposed(member.getModifiers())) {
                    continue;
                }
                List<JavaClass> signature = new ArrayList<>(member.getRawParameterTypes());
                signature.add(member.getRawReturnType());
                signature.stream().filter(ArchitectureTest::internal)
                        .forEach(t -> leaks.add(member.getFullName() + " mentions " + t.getSimpleName()));
            }
            for (JavaField field : type.getFields()) {
                if (exposed(field.getModifiers()) && internal(field.getRawType())) {
                    leaks.add(field.getFullName());
                }
            }
            JavaClass superclass = type.getRawSuperclass().orElse(null);
            if (superclass != null && internal(superclass) && !type.getModifiers().contains(JavaModifier.FINAL)) {
                leaks.add(type.getName() + " can be extended but extends " + superclass.getSimpleName());
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static boolean exposed(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean internal(JavaClass type) {
        return type.getPackageName().equals(ROOT + ".internal");
    }
}
