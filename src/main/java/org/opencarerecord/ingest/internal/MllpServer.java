package org.opencarerecord.ingest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The HL7 v2 listener: MLLP framing (a message between 0x0B and 0x1C 0x0D) over TCP, optionally
 * inside TLS. Each connection is served by its own thread, one message at a time, so a sender's
 * messages are applied in the order it sent them and each acknowledgement follows the commit of its
 * message. Framing it cannot follow, a message over the size limit, or a silence longer than the
 * idle timeout never stall the listener: the first two are answered AR and quarantined and the
 * connection goes on; the last closes the connection.
 */
@Component
@EnableConfigurationProperties(MllpProperties.class)
class MllpServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MllpServer.class);
    static final int START = 0x0B;
    static final int END = 0x1C;
    static final int CR = 0x0D;

    private final MllpProperties properties;
    private final Hl7Ingestion ingestion;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile boolean running;

    MllpServer(MllpProperties properties, Hl7Ingestion ingestion) {
        this.properties = properties;
        this.ingestion = ingestion;
    }

    /** The port listened on (useful with port 0); -1 when not listening. */
    int port() {
        ServerSocket s = server;
        return s == null ? -1 : s.getLocalPort();
    }

    @Override
    public void start() {
        if (!properties.isEnabled()) {
            return;
        }
        try {
            server = properties.getTls().isEnabled() ? tlsServerSocket() : new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new java.net.InetSocketAddress(InetAddress.getByName(properties.getBindAddress()),
                    properties.getPort()), 50);
        } catch (Exception e) {
            throw new IllegalStateException("The HL7 v2 (MLLP) listener could not open port " + properties.getPort()
                    + " (care-record.mllp.port; care-record.mllp.enabled=false turns it off): " + e.getMessage(), e);
        }
        running = true;
        Thread acceptor = new Thread(this::accept, "mllp-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("HL7 v2 over MLLP{} on port {}", properties.getTls().isEnabled() ? " (TLS)" : "", port());
    }

    private ServerSocket tlsServerSocket() throws Exception {
        MllpProperties.Tls tls = properties.getTls();
        KeyStore keys = KeyStore.getInstance(tls.getKeyStoreType());
        try (InputStream in = Files.newInputStream(Path.of(tls.getKeyStore()))) {
            keys.load(in, tls.getKeyStorePassword() == null ? null : tls.getKeyStorePassword().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, tls.getKeyStorePassword() == null ? null : tls.getKeyStorePassword().toCharArray());
        TrustManagerFactory tmf = null;
        if (tls.getTrustStore() != null) {
            KeyStore trust = KeyStore.getInstance(tls.getKeyStoreType());
            try (InputStream in = Files.newInputStream(Path.of(tls.getTrustStore()))) {
                trust.load(in, tls.getTrustStorePassword() == null ? null : tls.getTrustStorePassword().toCharArray());
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setNeedClientAuth(tls.getTrustStore() != null);
        return socket;
    }

    private void accept() {
        Semaphore slots = new Semaphore(properties.getMaxConnections());
        while (running) {
            try {
                slots.acquire();
                Socket socket = server.accept();
                open.add(socket);
                Thread t = new Thread(() -> {
                    try {
                        serve(socket);
                    } finally {
                        open.remove(socket);
                        closeQuietly(socket);
                        slots.release();
                    }
                }, "mllp-" + threads.incrementAndGet());
                t.setDaemon(true);
                t.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                slots.release();
                if (running) {
                    log.warn("MLLP accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, properties.getIdleTimeout().toMillis()));
            socket.setTcpNoDelay(true);
            Bytes in = new Bytes(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (running) {
                byte[] ack = next(in);
                if (ack == null) {
                    return; // the sender closed the connection
                }
                out.write(START);
                out.write(ack);
                out.write(END);
                out.write(CR);
                out.flush();
            }
        } catch (SocketTimeoutException e) {
            log.info("MLLP connection closed after {} without a complete message", properties.getIdleTimeout());
        } catch (SocketException | Hl7GroupCommit.Stopping e) {
            // closed by the sender, or at shutdown (the sender resends what it had no answer for)
        } catch (IOException e) {
            log.warn("MLLP connection failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            // never a crash of the listener: the connection ends, the sender resends what it had no AA for
            log.error("MLLP connection ended by an unexpected error: {}", e.getClass().getName());
        }
    }

    /**
     * Reads the next frame and returns the acknowledgement to send (null at the end of the stream).
     * Bytes outside a frame are collected up to the next start or end block and refused as broken framing.
     */
    private byte[] next(Bytes in) throws IOException {
        int limit = properties.getMaxMessageBytes();
        int b = in.read();
        while (b == CR || b == '\n') {
            b = in.read(); // line ends between frames are tolerated
        }
        if (b == -1) {
            return null;
        }
        boolean framed = b == START;
        Bytes.Sink message = new Bytes.Sink(framed ? 4096 : 256);
        if (!framed) {
            message.write(b);
        }
        long size = framed ? 0 : 1;
        while (true) {
            b = in.read();
            if (b == -1) {
                if (size > 0) {
                    ingestion.refuse(message.toByteArray(), size > limit, "The connection ended inside a message"
                            + " (no MLLP end block 0x1C 0x0D): nothing of it was stored");
                }
                return null;
            }
            if (b == END) {
                break; // the CR after it is skipped before the next frame (never waited for: 0x1C alone ends a frame)
            }
            if (b == START && (!framed || size > 0)) {
                in.unread(); // the next frame starts here; what came before it is refused
                return ingestion.refuse(message.toByteArray(), size > limit, framed
                        ? "MLLP framing: a new message began (0x0B) before this one ended (0x1C 0x0D); it was not stored"
                        : "MLLP framing: a message must begin with the start block 0x0B; these " + size
                                + " bytes were not stored");
            }
            if (size < limit) {
                message.write(b);
            }
            size++;
            // the bytes up to the next block character, in one copy
            int n = in.copyPlain(message, size < limit ? (int) Math.min(Integer.MAX_VALUE, limit - size) : 0);
            size += n;
        }
        byte[] bytes = message.toByteArray();
        if (!framed) {
            return ingestion.refuse(bytes, size > limit, "MLLP framing: a message must begin with the start block 0x0B;"
                    + " these " + size + " bytes were not stored");
        }
        if (size > limit) {
            return ingestion.refuse(bytes, true, "The message is " + size + " bytes; this service takes at most " + limit
                    + " (care-record.mllp.max-message-bytes); nothing of it was stored");
        }
        return ingestion.handle(bytes);
    }

    @Override
    public void stop() {
        running = false;
        closeQuietly(server);
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    /** A connection's bytes, buffered for one reader: no locking per byte, and the last byte can be read again. */
    static final class Bytes {
        private final InputStream in;
        private final byte[] buffer = new byte[65536];
        private int position;
        private int length;

        Bytes(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            if (position == length) {
                int n = in.read(buffer, 0, buffer.length);
                if (n <= 0) {
                    return -1;
                }
                position = 0;
                length = n;
            }
            return buffer[position++] & 0xFF;
        }

        /**
         * Skips the buffered bytes up to the next start or end block (or the buffer's end), copying at
         * most {@code room} of them into {@code sink}; returns how many were skipped.
         */
        int copyPlain(Sink sink, int room) {
            int from = position;
            while (position < length && buffer[position] != START && buffer[position] != END) {
                position++;
            }
            sink.write(buffer, from, Math.min(room, position - from));
            return position - from;
        }

        /** Puts back the byte just read. */
        void unread() {
            position--;
        }

        /** A message's bytes as they come in (unlike ByteArrayOutputStream, no lock per byte). */
        static final class Sink {
            private byte[] bytes;
            private int size;

            Sink(int capacity) {
                bytes = new byte[capacity];
            }

            void write(int b) {
                if (size == bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, size * 2);
                }
                bytes[size++] = (byte) b;
            }

            void write(byte[] from, int offset, int count) {
                if (size + count > bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + count));
                }
                System.arraycopy(from, offset, bytes, size, count);
                size += count;
            }

            byte[] toByteArray() {
                return java.util.Arrays.copyOf(bytes, size);
            }
        }
    }
}
