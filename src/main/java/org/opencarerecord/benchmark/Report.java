package org.opencarerecord.benchmark;

/** A benchmark's Markdown report: each line shown as it comes (on stderr), the whole printed at the end. */
final class Report {
    private final StringBuilder text = new StringBuilder();

    void line(String line) {
        text.append(line).append('\n');
        System.err.println(line);
    }

    /** The line saying how the service under test was started. */
    void serviceOptions(String jvmOptions, String serviceOptions) {
        line("Service JVM options: `" + jvmOptions + "`" + (serviceOptions.isBlank() ? ""
                : ", service options: `" + serviceOptions + "`"));
    }

    void print() {
        System.out.println();
        System.out.print(text);
    }
}
