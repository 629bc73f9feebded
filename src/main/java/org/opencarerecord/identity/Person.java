package org.opencarerecord.identity;

import java.util.List;
import java.util.UUID;

/** A regional person and every source record linked to them. */
public record Person(UUID id, NhsNumber nhsNumber, List<SourceRecord> sourceRecords) {
}
