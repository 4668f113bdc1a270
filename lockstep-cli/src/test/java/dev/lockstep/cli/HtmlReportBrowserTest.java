package dev.lockstep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads a report in a real headless Chromium (Debian's package; ./run-tests installs it) and checks that the picture
 * is drawn: the page's own script counts the lanes, steps, arrows and preemptions the browser laid out with a
 * non-empty box, and the screenshot shows the lanes' colours.
 */
class HtmlReportBrowserTest {
    @TempDir
    Path dir;

    @Test
    void chromiumDrawsTheInterleaving() throws Exception {
        Path report = dir.resolve("report.html");
        CommandLineTest.Result r = CommandLineTest.run("explore", Samples.class.getName() + "#racy", "--report",
                report.toString());
        assertEquals(Main.BUG, r.exit());

        String dom = chromium("--dump-dom", report.toUri().toString());
        Matcher m = Pattern.compile("drawn: lanes=(\\d+) steps=(\\d+) arrows=(\\d+) preemptions=(\\d+) width=(\\d+)")
                .matcher(dom);
        assertTrue(m.find(), "the page's check did not run: " + dom.substring(0, Math.min(2000, dom.length())));
        int lanes = Integer.parseInt(m.group(1));
        int steps = Integer.parseInt(m.group(2));
        int arrows = Integer.parseInt(m.group(3));
        int preemptions = Integer.parseInt(m.group(4));
        assertEquals(3, lanes, "main and two workers");
        assertTrue(steps >= 8, "steps drawn: " + steps);
        assertTrue(arrows >= 2, "the two starts at least: " + arrows);
        assertEquals(1, preemptions, "the one preemption the race needs is marked");
        assertTrue(Integer.parseInt(m.group(5)) > 400, "width " + m.group(5));

        Path png = dir.resolve("report.png");
        chromium("--screenshot=" + png, "--window-size=1100,1400", report.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() > 0, "no screenshot");
        int laneBlue = count(image, 0x3b6fb6);
        int laneOrange = count(image, 0xd9822b);
        int preemptionRed = count(image, 0xc0392b);
        assertTrue(laneBlue > 200 && laneOrange > 200, "lane colours on screen: " + laneBlue + ", " + laneOrange);
        assertTrue(preemptionRed > 20, "the preemption marker is on screen: " + preemptionRed);
    }

    /** Ten tasks with long names: every lane is drawn, the picture scrolls instead of cutting, names are whole. */
    @Test
    void tenTasksWithLongNamesStayLegible() throws Exception {
        dev.lockstep.explore.Report report = dev.lockstep.explore.Explorer.builder().seed(3).iterations(200).build()
                .explore(() -> {
                    int[] counter = {0};
                    java.util.List<Thread> threads = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        threads.add(Thread.ofVirtual().name("settlement-worker-for-region-" + i).start(() -> {
                            int read = counter[0];
                            Thread.yield();
                            counter[0] = read + 1;
                        }));
                    }
                    for (Thread t : threads) {
                        t.join();
                    }
                    if (counter[0] != 10) {
                        throw new AssertionError("lost " + (10 - counter[0]) + " of 10 increments");
                    }
                });
        assertTrue(report.failed(), report.summary());
        Path file = dir.resolve("ten.html");
        dev.lockstep.explore.HtmlReport.write(report, file, "Ten tasks", null);
        String html = java.nio.file.Files.readString(file);
        assertTrue(html.contains(">settlement-worker-for-region-9</text>"), "the last lane's name, whole");
        assertTrue(html.contains("<p id=\"render-check\" hidden>"), "the page's self-check is not shown");
        Matcher count = Pattern.compile("the trace below shows its (\\d+) steps").matcher(html);
        assertTrue(count.find(), "the report gives the trace's step count");
        String trace = html.substring(html.indexOf("<pre class=\"trace\">"));
        Matcher rows = Pattern.compile("(?m)^\\s*(\\d+) \\|").matcher(trace.substring(0, trace.indexOf("</pre>")));
        int last = 0;
        while (rows.find()) {
            last = Integer.parseInt(rows.group(1));
        }
        assertEquals(Integer.parseInt(count.group(1)), last, "the step count matches the trace's last step");

        String dom = chromium("--window-size=1100,1400", "--dump-dom", file.toUri().toString());
        Matcher m = Pattern.compile("drawn: lanes=(\\d+) steps=(\\d+) .* picture=(\\w+)").matcher(dom);
        assertTrue(m.find(), dom.substring(0, Math.min(2000, dom.length())));
        assertEquals(11, Integer.parseInt(m.group(1)), "main and ten workers, every lane drawn");
        assertEquals("scrolls", m.group(3), "wider than the window: the picture scrolls, never cuts");
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) < 12
                        && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 12
                        && Math.abs((p & 0xff) - (rgb & 0xff)) < 12) {
                    n++;
                }
            }
        }
        return n;
    }

    private String chromium(String... args) throws Exception {
        String binary = System.getenv().getOrDefault("CHROMIUM", "chromium");
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"),
                "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(new File(dir.toFile(), "chromium.log")).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("Chromium is needed for this test (Debian package chromium; ./run-tests"
                    + " installs it): " + e.getMessage(), e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("chromium.log")));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void reportOfAPassingRunSaysSoWithoutAPicture() throws Exception {
        Path report = dir.resolve("ok.html");
        CommandLineTest.run("explore", Samples.class.getName() + "#locked", "--report", report.toString());
        String html = Files.readString(report);
        assertTrue(html.contains("Verified: every schedule within the bound passed."), html);
        assertTrue(!html.contains("<svg"), "no failure, no interleaving to draw");
    }
}
