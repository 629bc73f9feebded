package org.opencarerecord.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code send-hl7 --file F [--host localhost] [--port 2575] [--connections 4] [--limit N]}: replays an
 * MLLP-framed file of HL7 v2 messages (as {@code generate --hl7} writes) to the service, as a
 * hospital's interface engine would: each connection sends one message and waits for its ACK before
 * the next; a patient's messages always go down the same connection, in order; when a connection
 * breaks, it reconnects (for up to a minute) and resends the message that had no ACK. Prints how
 * many were accepted (AA), in error (AE) or rejected (AR), and the rate.
 */
public final class Hl7SendCommand {

    private Hl7SendCommand() {
    }

    public static int run(String[] args) {
        return CommandOptions.run("send-hl7", "--file F [--host localhost] [--port 2575] [--connections 4] [--limit N]",
                args, Set.of(), Set.of("port", "connections", "limit"), Set.of("file", "host"), options -> {
                    if (!options.containsKey("file")) {
                        throw new IllegalArgumentException("--file is required");
                    }
                    List<byte[]> messages = read(Path.of(options.get("file")),
                            Integer.parseInt(options.getOrDefault("limit", Integer.toString(Integer.MAX_VALUE))));
                    Result r = send(messages, options.getOrDefault("host", "localhost"),
                            Integer.parseInt(options.getOrDefault("port", "2575")),
                            Integer.parseInt(options.getOrDefault("connections", "4")));
                    System.out.println(r.summary());
                    return r.failed() == 0 ? 0 : 1;
                });
    }

    /** What a run of the sender saw. */
    public record Result(int messages, long accepted, long errors, long rejected, long reconnects, double seconds,
            List<String> firstProblems, long[] latenciesMicros) {

        public long failed() {
            return messages - accepted - errors - rejected;
        }

        public double perSecond() {
            return messages / seconds;
        }

        public String summary() {
            double p50 = Report.percentileMillis(latenciesMicros, 50);
            double p95 = Report.percentileMillis(latenciesMicros, 95);
            return String.format(java.util.Locale.ROOT,
                    "%d messages in %.1f s (%.0f messages/s): %d AA, %d AE, %d AR, %d unanswered; %d reconnects;"
                            + " ACK latency p50 %.1f ms, p95 %.1f ms%s",
                    messages, seconds, perSecond(), accepted, errors, rejected, failed(), reconnects, p50, p95,
                    firstProblems.isEmpty() ? "" : "\nfirst problems:\n  " + String.join("\n  ", firstProblems));
        }
    }

    /** The messages of an MLLP-framed file, without their framing. */
    public static List<byte[]> read(Path file, int limit) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < all.length && out.size() < limit) {
            if (all[i] != 0x0B) {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < all.length && all[end] != 0x1C) {
                end++;
            }
            out.add(Arrays.copyOfRange(all, i + 1, end));
            i = end + 2;
        }
        return out;
    }

    public static Result send(List<byte[]> messages, String host, int port, int connections) {
        return send(messages, host, port, connections, new AtomicLong());
    }

    /** As {@link #send(List, String, int, int)}, counting answered messages in {@code answered} as it goes. */
    public static Result send(List<byte[]> messages, String host, int port, int connections, AtomicLong answered) {
        List<List<Integer>> queues = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            queues.add(new ArrayList<>());
        }
        for (int i = 0; i < messages.size(); i++) {
            queues.get(Math.floorMod(patientKey(messages.get(i)).hashCode(), connections)).add(i);
        }
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        long[] latencies = new long[messages.size()];
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (List<Integer> queue : queues) {
            Thread t = new Thread(() -> {
                Connection connection = null;
                for (int index : queue) {
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (true) {
                        try {
                            if (connection == null) {
                                connection = new Connection(host, port);
                            }
                            long sent = System.nanoTime();
                            String ack = connection.exchange(messages.get(index));
                            latencies[index] = (System.nanoTime() - sent) / 1000;
                            answered.incrementAndGet();
                            String code = msa(ack);
                            switch (code) {
                                case "AA", "CA" -> accepted.incrementAndGet();
                                case "AE", "CE" -> errors.incrementAndGet();
                                default -> rejected.incrementAndGet();
                            }
                            if (!code.equals("AA") && !code.equals("CA") && problems.size() < 10) {
                                problems.add(ack.replace('\r', ' '));
                            }
                            break;
                        } catch (IOException e) {
                            // the service went away: reconnect and send again what had no ACK
                            closeQuietly(connection);
                            connection = null;
                            reconnects.incrementAndGet();
                            if (System.nanoTime() > deadline) {
                                problems.add("gave up on message " + index + ": " + e.getMessage());
                                break;
                            }
                            sleep(200);
                        }
                    }
                }
                closeQuietly(connection);
            }, "send-hl7");
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(messages.size(), accepted.get(), errors.get(), rejected.get(), reconnects.get(), seconds,
                problems, latencies);
    }

    /** PID-3's first identifier, so that one patient's messages share a connection (MSH when there is no PID). */
    static String patientKey(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int pid = text.indexOf("\rPID|");
        if (pid < 0) {
            return "";
        }
        String[] fields = text.substring(pid + 1, Math.max(pid + 1, text.indexOf('\r', pid + 1))).split("\\|", -1);
        if (fields.length < 4) {
            return "";
        }
        String first = fields[3].split("~", -1)[0];
        int caret = first.indexOf('^');
        return caret < 0 ? first : first.substring(0, caret);
    }

    private static String msa(String ack) {
        int at = ack.indexOf("MSA|");
        if (at < 0 || ack.length() < at + 6) {
            return "??";
        }
        return ack.substring(at + 4, at + 6);
    }

    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        String exchange(byte[] message) throws IOException {
            byte[] frame = new byte[message.length + 3];
            frame[0] = 0x0B;
            System.arraycopy(message, 0, frame, 1, message.length);
            frame[frame.length - 2] = 0x1C;
            frame[frame.length - 1] = 0x0D;
            out.write(frame);
            out.flush();
            int b = in.read();
            if (b != 0x0B) {
                throw new IOException("no acknowledgement (" + b + ")");
            }
            ByteArrayOutputStream ack = new ByteArrayOutputStream(256);
            while ((b = in.read()) != 0x1C) {
                if (b == -1) {
                    throw new IOException("the connection closed inside an acknowledgement");
                }
                ack.write(b);
            }
            in.read(); // the CR after the end block
            return ack.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
