package org.opencarerecord.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.opencarerecord.sources.Feed;

/**
 * Files from a batch-file feed: FHIR resources, one JSON resource per line (FHIR Bulk Data NDJSON),
 * or CSV in one of the documented layouts (docs/batch-files.md). A file is loaded once (by its SHA-256); a line that cannot be used is quarantined with its
 * line number and reason while the rest loads; each file leaves a report.
 */
public interface BatchFiles {

    /** What became of one file. {@code alreadyProcessed}: this content was loaded before and nothing was done now. */
    record FileReport(UUID id, String feedId, String name, String sha256, Instant receivedAt, String status,
            long linesRead, long linesLoaded, long linesRejected, long itemsRetired, Instant finishedAt,
            boolean alreadyProcessed) {
    }

    FileReport load(Feed feed, String name, Path file) throws IOException;

    List<FileReport> reports(String feedId, int limit);
}
