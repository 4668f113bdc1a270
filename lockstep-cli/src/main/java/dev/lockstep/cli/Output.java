package dev.lockstep.cli;

import dev.lockstep.explore.Report;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Printing a report in the chosen format, and naming report files. */
final class Output {
    private Output() {}

    static void checkFormat(String format) {
        if (!format.equals("text") && !format.equals("mermaid") && !format.equals("json")) {
            throw new IllegalArgumentException("--format must be text, mermaid or json, got " + format);
        }
    }

    static void print(PrintWriter out, String format, String name, Report r, String replayInstruction) {
        switch (format) {
            case "json" -> out.println(jsonDocument(java.util.List.of(jsonEntry(name, r))));
            case "mermaid" -> {
                if (r.failed()) {
                    out.print(r.failure().orElseThrow().trace().toMermaid());
                } else {
                    out.println("%% " + name + ": " + r.summary().lines().findFirst().orElse(""));
                }
            }
            default -> {
                out.println(name + ":");
                out.println(r.summary(replayInstruction));
            }
        }
    }

    /** One method's entry of the json document: {"method": "Class#method", "report": {...}}. */
    static String jsonEntry(String method, Report r) {
        return "{\"method\":" + quote(method) + ",\"report\":" + r.toJson() + "}";
    }

    /** The one json document of a command: {"results": [entries...]}. */
    static String jsonDocument(java.util.List<String> entries) {
        return "{\"results\":[" + String.join(",", entries) + "]}";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** The report's path: the one given (with the method's name added when there are several), or a default. */
    static Path reportFile(Path given, String method) {
        if (given == null) {
            return Path.of(method == null ? "lockstep-report.html" : "lockstep-report-" + method + ".html");
        }
        if (method == null) {
            return given;
        }
        String file = given.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        String ext = dot > 0 ? file.substring(dot) : ".html";
        return given.resolveSibling(stem + "-" + method + ext);
    }
}
