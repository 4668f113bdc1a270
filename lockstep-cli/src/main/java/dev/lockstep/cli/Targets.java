package dev.lockstep.cli;

import dev.lockstep.junit.ExploreTest;
import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/** Finds the {@code @ExploreTest} methods that a command line names: {@code CLASS} or {@code CLASS#METHOD}. */
final class Targets {
    private Targets() {}

    /** A class loader for {@code classpath} (directories and jars separated by ':'), parent-first. */
    static ClassLoader loader(String classpath) {
        if (classpath == null || classpath.isBlank()) {
            return Targets.class.getClassLoader();
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            File f = new File(entry);
            if (!f.exists()) {
                throw new IllegalArgumentException("classpath entry does not exist: " + entry);
            }
            try {
                urls.add(f.toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad classpath entry: " + entry, e);
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), Targets.class.getClassLoader());
    }

    /** The class named before '#' in {@code target}. */
    static Class<?> type(String target, ClassLoader loader) {
        String name = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class not found: " + name + " (add its directory or jar with"
                    + " --classpath)");
        }
    }

    /** The explorable methods: the one named after '#', or every @ExploreTest method without parameters. */
    static List<Method> methods(String target, Class<?> type) {
        String only = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        List<Method> found = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (only != null ? m.getName().equals(only) && m.getParameterCount() == 0
                        : m.isAnnotationPresent(ExploreTest.class) && m.getParameterCount() == 0) {
                    found.add(m);
                }
            }
        }
        found.sort(java.util.Comparator.comparing(Method::getName));
        if (found.isEmpty()) {
            throw new IllegalArgumentException(only != null
                    ? type.getName() + " has no method " + only + "() without parameters"
                    : type.getName() + " has no @ExploreTest method without parameters");
        }
        return found;
    }

    /**
     * Checks that the command line can run {@code m} itself: it makes the test instance the way JUnit would for a
     * class no extension touches, but applies no extensions. A test that needs them is refused in the user's words,
     * rather than run without its {@code @TempDir} or parameters and reported as a bug.
     */
    static void runnableWithoutJUnit(Class<?> type, Method m) {
        dev.lockstep.junit.internal.Plain.whyJUnit(type, m, new Object[0],
                key -> java.util.Optional.ofNullable(System.getProperty(key))).ifPresent(why -> {
                    throw new IllegalArgumentException(type.getName() + "#" + m.getName() + " needs JUnit's"
                            + " extensions (" + why + "), which the command line does not apply: run it with your"
                            + " build's tests (e.g. mvn test -Dtest=" + type.getSimpleName() + "#" + m.getName()
                            + "), where @ExploreTest gets every extension");
                });
    }
}
