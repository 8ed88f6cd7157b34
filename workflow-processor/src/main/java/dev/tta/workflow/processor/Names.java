package dev.tta.workflow.processor;

import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** The names the processor gives: generated classes, static fields, local variables. */
final class Names {

    private Names() {
    }

    /** {@code Instrumented} + the simple names from the outermost type down, joined by {@code _}. */
    static String generatedName(TypeElement type) {
        StringBuilder name = new StringBuilder(type.getSimpleName());
        for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement; outer =
                outer.getEnclosingElement()) {
            name.insert(0, '_').insert(0, outer.getSimpleName());
        }
        return RuntimeNames.GENERATED_PREFIX + name;
    }

    /** The package of a type, {@code ""} for the unnamed package. */
    static String packageName(Elements elements, TypeElement type) {
        PackageElement pkg = elements.getPackageOf(type);
        return pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
    }

    /** The qualified name of the class generated for a type. */
    static String qualifiedGeneratedName(Elements elements, TypeElement type) {
        String pkg = packageName(elements, type);
        return pkg.isEmpty() ? generatedName(type) : pkg + "." + generatedName(type);
    }

    /** {@code preferred}, or {@code preferred1}, {@code preferred2}... whichever is not taken. */
    static String freeName(String preferred, Set<String> taken) {
        String name = preferred;
        for (int suffix = 1; taken.contains(name); suffix++) {
            name = preferred + suffix;
        }
        return name;
    }

    /** {@code placeOrder} or {@code order.id} as a constant name: {@code PLACE_ORDER}, {@code ORDER_ID}. */
    static String constantName(String text, String fallback) {
        StringBuilder name = new StringBuilder();
        char previous = '_';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                if (Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous))) {
                    name.append('_');
                }
                name.append(Character.toUpperCase(c));
            } else if (name.length() > 0 && name.charAt(name.length() - 1) != '_') {
                name.append('_');
            }
            previous = c;
        }
        while (name.length() > 0 && name.charAt(name.length() - 1) == '_') {
            name.setLength(name.length() - 1);
        }
        if (name.length() == 0) {
            return fallback;
        }
        return Character.isDigit(name.charAt(0)) ? "_" + name : name.toString();
    }

    /** {@code base}, or {@code base_2}, {@code base_3}... whichever is not taken; the result is taken from now on. */
    static String uniqueName(String base, Set<String> taken) {
        String name = base;
        for (int suffix = 2; !taken.add(name); suffix++) {
            name = base + "_" + suffix;
        }
        return name;
    }
}
