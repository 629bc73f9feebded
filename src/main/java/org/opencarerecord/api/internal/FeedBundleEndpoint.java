package org.opencarerecord.api.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.opencarerecord.ingest.BundleIngestion;
import org.opencarerecord.ingest.IngestResponse;
import org.opencarerecord.platform.OperationOutcomes;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code POST /fhir}: a feed sends a transaction or batch Bundle. The body is handed to ingestion
 * as bytes, without building a HAPI model, to keep the busiest write path lean.
 */
@Component
class FeedBundleEndpoint {

    /** What of an over-size body is kept in quarantine: enough to see what was sent. */
    private static final int KEEP_OF_OVERSIZE = 1024 * 1024;

    private final SourceRegistry sources;
    private final BundleIngestion ingestion;
    FeedBundleEndpoint(SourceRegistry sources, BundleIngestion ingestion) {
        this.sources = sources;
        this.ingestion = ingestion;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Feed> feed = sources.feedForToken(bearer(request));
        if (feed.isEmpty()) {
            // Nothing from an unknown sender is kept: storing it would let anyone fill the disk.
            response.setHeader("WWW-Authenticate", "Bearer realm=\"care-record feeds\"");
            write(response, new IngestResponse(401, OperationOutcomes.error("login",
                    "A feed must send its bearer token (Authorization: Bearer <token>); none was sent or it is not known")));
            return;
        }
        String contentType = request.getContentType();
        String media = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!media.isEmpty() && !media.contains("json") && !media.contains("xml")) {
            byte[] head = request.getInputStream().readNBytes(KEEP_OF_OVERSIZE);
            ingestion.quarantine(feed.get().id(), contentType, head, head.length == KEEP_OF_OVERSIZE,
                    "415 unsupported media type " + contentType);
            write(response, new IngestResponse(415, OperationOutcomes.error("not-supported", "Content-Type " + contentType
                    + " is not supported; send application/fhir+json (or application/fhir+xml)")));
            return;
        }
        long maxBytes = ingestion.maxBundleBytes();
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            ingestion.quarantine(feed.get().id(), contentType, Arrays.copyOf(body, KEEP_OF_OVERSIZE), true,
                    "413 bundle larger than care-record.ingest.max-bundle-bytes (" + maxBytes + " bytes)");
            write(response, new IngestResponse(413, OperationOutcomes.error("too-costly", "The bundle is larger than this server takes ("
                    + maxBytes + " bytes, care-record.ingest.max-bundle-bytes); split it into smaller bundles")));
            return;
        }
        write(response, ingestion.ingest(feed.get(), body, contentType));
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    private static void write(HttpServletResponse response, IngestResponse answer) throws IOException {
        byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
