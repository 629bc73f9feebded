package org.opencarerecord.api.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.opencarerecord.ingest.BatchFiles;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /batch/files?name=}: a batch-file feed uploads an NDJSON file with its bearer token;
 * the answer is the file's report (201 when it loaded now, 200 when this content was loaded before).
 * {@code GET /admin/batch-files?feed=}: the reports.
 */
@RestController
class BatchFileController {

    private final SourceRegistry sources;
    private final BatchFiles batches;

    BatchFileController(SourceRegistry sources, BatchFiles batches) {
        this.sources = sources;
        this.batches = batches;
    }

    /**
     * The file is the body, as it is. A form encoding is refused before anything reads it: the server
     * would otherwise try to parse a whole file as form fields.
     */
    @PostMapping(value = "/batch/files", consumes = {"application/fhir+ndjson", "application/ndjson",
        "application/x-ndjson", "text/csv", "text/plain", "application/octet-stream"})
    ResponseEntity<BatchFiles.FileReport> upload(HttpServletRequest request, @RequestParam(required = false) String name)
            throws IOException {
        String auth = request.getHeader("Authorization");
        Feed feed = sources.feedForToken(auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : null)
                .filter(f -> Feed.BATCH_FILE.equals(f.kind()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                        "A batch-file feed must send its bearer token (Authorization: Bearer <token>)"));
        Path file = Files.createTempFile("care-record-batch-", ".ndjson");
        try {
            if (Files.copy(request.getInputStream(), file, StandardCopyOption.REPLACE_EXISTING) == 0) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The file is empty: nothing to load");
            }
            BatchFiles.FileReport report = batches.load(feed, StringUtils.hasText(name) ? name : "upload", file);
            // 409: the same content is being loaded right now (by an upload or the drop directory)
            return ResponseEntity.status(report.alreadyProcessed() ? 200 : "loading".equals(report.status()) ? 409 : 201)
                    .body(report);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @GetMapping("/admin/batch-files")
    List<BatchFiles.FileReport> reports(@RequestParam(required = false) String feed,
            @RequestParam(defaultValue = "100") int limit) {
        return batches.reports(StringUtils.hasText(feed) ? feed : null, Math.max(1, Math.min(limit, 1000)));
    }
}
