package dev.lockstep.usage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The release profile builds a bundle ready for Maven Central, unsigned as CI builds it. */
class ReleaseBundleTest {

    @Test
    void theBundleHoldsEveryPublishedModuleWithSourcesJavadocAndChecksums() throws Exception {
        Builds.run(Builds.ROOT, UseItInYourProjectTest.WORK.resolve("release.log"), "scripts/release-bundle.sh");
        Set<String> names;
        try (ZipFile zip = new ZipFile(Builds.ROOT.resolve("target/central-bundle.zip").toFile())) {
            names = zip.stream().map(ZipEntry::getName).collect(Collectors.toSet());
        }
        String version = System.getProperty("lockstep.version");
        for (String module : List.of("lockstep-core", "lockstep-explorer", "lockstep-junit", "lockstep-agent",
                "lockstep-redis")) {
            for (String kind : List.of(".jar", "-sources.jar", "-javadoc.jar", ".pom")) {
                expect(names, module, version, kind);
            }
        }
        expect(names, "lockstep-bom", version, ".pom");
        expect(names, "lockstep-parent", version, ".pom");
        for (String notPublished : List.of("lockstep-cli", "lockstep-bench", "lockstep-examples", "lockstep-verify",
                "lockstep-usage")) {
            assertTrue(names.stream().noneMatch(n -> n.contains("/" + notPublished + "/")), notPublished);
        }
    }

    /** The file (a snapshot's carries a timestamp in its name) and its SHA-1 and MD5 sums. */
    private static void expect(Set<String> names, String module, String version, String kind) {
        String dir = "dev/lockstep/" + module + "/" + version + "/";
        String base = version.replace("-SNAPSHOT", "-");
        for (String sum : List.of("", ".sha1", ".md5")) {
            boolean found = names.stream().anyMatch(n -> n.startsWith(dir + module + "-" + base)
                    && n.endsWith(kind + sum) && !(kind.equals(".jar") && (n.endsWith("-sources.jar" + sum)
                            || n.endsWith("-javadoc.jar" + sum) || n.endsWith("-tests.jar" + sum))));
            assertTrue(found, "the bundle holds " + module + kind + sum + ": " + new java.util.TreeSet<>(names));
        }
    }
}
