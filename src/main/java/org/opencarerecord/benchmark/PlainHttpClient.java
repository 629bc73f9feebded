package org.opencarerecord.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one keep-alive connection, for the benchmark only: the JDK's
 * HttpClient spends more CPU per request than the service does on a small bundle, and on a
 * 2-core machine that CPU is taken from the service being measured.
 */
final class PlainHttpClient implements AutoCloseable {

    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    PlainHttpClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Response get(String pathAndQuery) throws IOException {
        return exchange("GET", pathAndQuery, null, null, null);
    }

    /** A GET with an API token, stating a direct-care reason (X-Care-Reason) when one is given. */
    Response get(String pathAndQuery, String token, String reason) throws IOException {
        return exchange("GET", pathAndQuery, token, null, reason);
    }

    /** A GET of a page (Accept: text/html) with an API token and a stated reason. */
    Response page(String pathAndQuery, String token, String reason) throws IOException {
        return exchange("GET", pathAndQuery, token, null, reason, "text/html");
    }

    Response post(String path, String token, byte[] body) throws IOException {
        return exchange("POST", path, token, body, null);
    }

    private Response exchange(String method, String path, String token, byte[] body, String reason) throws IOException {
        return exchange(method, path, token, body, reason, "application/fhir+json");
    }

    private Response exchange(String method, String path, String token, byte[] body, String reason, String accept)
            throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
        }
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Accept: ").append(accept).append("\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (reason != null) {
            head.append("X-Care-Reason: ").append(reason).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/fhir+json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return read();
    }

    private Response read() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(length, 4096));
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else if (length >= 0) {
            body.write(in.readNBytes(length));
        }
        if (close) {
            close();
        }
        return new Response(code, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed mid-response");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
