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

    /** The p-th percentile (nearest rank) of latencies given in microseconds, in milliseconds (0 for none). */
    static double percentileMillis(long[] micros, double p) {
        if (micros.length == 0) {
            return 0;
        }
        long[] sorted = micros.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1000.0;
    }

    static double percentileMillis(java.util.Collection<Long> micros, double p) {
        return percentileMillis(micros.stream().mapToLong(Long::longValue).toArray(), p);
    }
}
