package org.opencarerecord.identity;

import java.util.UUID;

/** Where a source's record of a person sits in the index: the record itself and the person it is linked to. */
public record SourceRecordLink(UUID sourceRecordId, UUID personId, int version, boolean changed) {
}
