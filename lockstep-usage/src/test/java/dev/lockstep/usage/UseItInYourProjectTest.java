package dev.lockstep.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The README's "Use it in your project", followed verbatim: its install command, then a fresh Maven project whose
 * pom is the README's snippet, built with {@code mvn test} once per supported JUnit line (the README's version, and
 * the oldest supported, 5.11). The project's tests are written as users write them: one with a race that must fail
 * with Lockstep's report, one with the fix and JUnit's lifecycle (@TempDir, constructor parameters, @Nested,
 * @ParameterizedTest, @BeforeAll once, @BeforeEach once per schedule) that must pass.
 */
class UseItInYourProjectTest {
    static final Path WORK = Path.of("target", "usage").toAbsolutePath();
    static String section;

    @BeforeAll
    static void installAsTheReadmeSays() throws Exception {
        String readme = Files.readString(Builds.ROOT.resolve("README.md"));
        int start = readme.indexOf("## Use it in your project");
        assertTrue(start >= 0, "the README has a section 'Use it in your project'");
        int end = readme.indexOf("\n## ", start + 1);
        section = readme.substring(start, end < 0 ? readme.length() : end);
        String install = block("sh").strip();
        assertTrue(install.startsWith("./mvnw") && install.contains("install"), install);
        Builds.run(Builds.ROOT, WORK.resolve("install.log"), install);
    }

    /** The first fenced block of {@code language} in the section. */
    static String block(String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(m.find(), "the section has a ```" + language + " block");
        return m.group(1);
    }

    @ParameterizedTest(name = "JUnit {0}")
    @ValueSource(strings = {"readme", "5.11.4"})
    void aFreshProjectBuiltFromTheReadmeFindsTheRaceWithJUnitsLifecycle(String junit) throws Exception {
        String snippet = block("xml");
        Matcher version = Pattern.compile("(<artifactId>junit-jupiter</artifactId>\\s*<version>)([^<]+)(</version>)")
                .matcher(snippet);
        assertTrue(version.find(), "the snippet pins a junit-jupiter version");
        if (!junit.equals("readme")) {
            snippet = version.replaceFirst("$1" + junit + "$3");
        }
        Path project = WORK.resolve("project-junit-" + junit);
        copyTemplate(project);
        Path pom = project.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<!-- README -->", snippet));

        Builds.run(project, project.resolve("build.log"),
                Builds.ROOT.resolve("mvnw") + " -B -ntp -Dstyle.color=never test -Dmaven.test.failure.ignore=true");

        Path reports = project.resolve("target/surefire-reports");
        Element bank = suite(reports.resolve("TEST-demo.BankTest.xml"));
        assertEquals("1", bank.getAttribute("tests"), "BankTest is one test");
        assertEquals("1", bank.getAttribute("failures"), "the race fails its test");
        String failure = bank.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("message")
                .getNodeValue();
        // With the agent, the race on the plain field is reported as what it is, in the first schedule where both
        // accesses run, before any update is lost.
        assertTrue(failure.contains("DATA_RACE") && failure.contains("data race on BankTest.balance: "), failure);
        assertTrue(failure.contains("@Replay(\""), failure);
        assertTrue(failure.contains("writes BankTest.balance") && failure.contains("races: BankTest.balance"),
                "the agent made the field a scheduling point, and the trace marks the race: " + failure);

        Element lifecycle = suite(reports.resolve("TEST-demo.LifecycleTest.xml"));
        assertEquals("0", lifecycle.getAttribute("failures"), text(reports.resolve("demo.LifecycleTest.txt")));
        assertEquals("0", lifecycle.getAttribute("errors"), text(reports.resolve("demo.LifecycleTest.txt")));
        // lockedWithdrawalsLeaveForty, three parameter sets, the @Nested test
        assertEquals("5", lifecycle.getAttribute("tests"), text(reports.resolve("demo.LifecycleTest.txt")));
    }

    private static Element suite(Path xml) throws Exception {
        assertTrue(Files.exists(xml), "Surefire wrote " + xml + " (the tests ran)");
        Document d;
        try (InputStream in = Files.newInputStream(xml)) {
            d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Element root = d.getDocumentElement();
        // Surefire counts a @Nested class's tests in the outer suite's file.
        return root;
    }

    private static String text(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "(no " + p + ")";
    }

    private static void copyTemplate(Path project) throws Exception {
        if (Files.exists(project)) {
            try (Stream<Path> old = Files.walk(project)) {
                List<Path> all = new ArrayList<>(old.toList());
                java.util.Collections.reverse(all);
                for (Path p : all) {
                    Files.delete(p);
                }
            }
        }
        Path template = Path.of(UseItInYourProjectTest.class.getResource("/project/pom.xml").toURI()).getParent();
        try (Stream<Path> files = Files.walk(template)) {
            for (Path f : files.toList()) {
                Path to = project.resolve(template.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
    }
}
