package org.opencarerecord.ingest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opencarerecord.ingest.BundleIngestion;
import org.opencarerecord.ingest.IngestResponse;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.platform.OperationOutcomes;
import org.opencarerecord.record.InvalidResourceException;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
@EnableConfigurationProperties(IngestProperties.class)
class FhirBundleIngestion implements BundleIngestion {

    private static final Logger log = LoggerFactory.getLogger(FhirBundleIngestion.class);
    /** Two bundles creating the same new person or item at once: the loser sees a duplicate key and goes again. */
    private static final int ATTEMPTS = 3;
    private static final String REFUSED = "A value could not be stored (the database refused it); nothing of it was stored";

    private final BundleReader reader;
    private final EntryProcessor processor;
    private final Quarantine quarantine;
    private final SourceRegistry sources;
    private final TransactionTemplate tx;
    private final IngestProperties properties;

    FhirBundleIngestion(BundleReader reader, EntryProcessor processor, Quarantine quarantine, SourceRegistry sources,
            TransactionTemplate tx, IngestProperties properties) {
        this.reader = reader;
        this.processor = processor;
        this.quarantine = quarantine;
        this.sources = sources;
        this.tx = tx;
        this.properties = properties;
    }

    @Override
    public IngestResponse ingest(Feed feed, byte[] body, String contentType) {
        Instant receivedAt = Instant.now();
        try {
            return attempt(feed, receivedAt, ctx -> {
                BundleReader.ReadBundle bundle = reader.read(body, contentType, feed, properties.getMaxEntries());
                IngestResponse response = "transaction".equals(bundle.type())
                        ? transaction(ctx, bundle.entries())
                        : batch(ctx, bundle.entries(), contentType);
                sources.recordDelivery(feed.id(), receivedAt, true, skipped(bundle.entries()),
                        restrictedDropped(bundle.entries()));
                return response;
            });
        } catch (IngestRejected e) {
            return reject(feed, body, contentType, e);
        }
    }

    /**
     * Applies a transaction built from another format (an HL7 v2 message, a batch file's lines) for
     * a feed. {@code claim} runs first inside the transaction: false means it was applied before, and
     * nothing else is done (false is returned). What cannot be used throws {@link IngestRejected}; the
     * caller keeps what was sent, as it was sent, in quarantine.
     */
    boolean applyTransaction(Feed feed, Supplier<ObjectNode> bundle, BooleanSupplier claim) {
        return applyTransactions(feed, List.of(bundle), () -> new boolean[] {claim.getAsBoolean()})[0];
    }

    /**
     * A delivery's bundle for {@link #applyTransaction}: the first try takes {@code first} as it is;
     * the pipeline rewrites what it stores, so any later try (a retry, a fall-back) takes a fresh one.
     */
    static Supplier<ObjectNode> firstThenFresh(ObjectNode first, Supplier<ObjectNode> fresh) {
        boolean[] used = {false};
        return () -> {
            if (used[0]) {
                return fresh.get();
            }
            used[0] = true;
            return first;
        };
    }

    /**
     * Applies several such transactions of one feed as one database transaction (group commit), each
     * as a delivery of its own; they must not touch the same records. {@code claims} runs first inside
     * it and says which of them are new; only those are applied. Throws as {@link #applyTransaction},
     * for all of them.
     */
    boolean[] applyTransactions(Feed feed, List<Supplier<ObjectNode>> bundles, Supplier<boolean[]> claims) {
        Instant receivedAt = Instant.now();
        return attempt(feed, receivedAt, ctx -> {
            List<List<Entry>> read = new ArrayList<>(bundles.size());
            for (Supplier<ObjectNode> bundle : bundles) {
                read.add(reader.read(bundle.get(), feed, properties.getMaxEntries()).entries());
            }
            boolean[] applied = tx.execute(status -> {
                boolean[] fresh = claims.get();
                for (int i = 0; i < fresh.length; i++) {
                    if (fresh[i]) {
                        // each its own context: one delivery's entries never resolve against another's
                        processor.process(i == 0 ? ctx : new EntryProcessor.Context(feed, ctx.organisationName, receivedAt),
                                read.get(i));
                    }
                }
                return fresh;
            });
            read.forEach(entries -> sources.recordDelivery(feed.id(), receivedAt, true, skipped(entries),
                    restrictedDropped(entries)));
            return applied;
        });
    }

    /**
     * Runs one delivery's work, again from the start (what it read included) when a concurrent writer
     * created the same records first; whatever cannot be used comes out as {@link IngestRejected}.
     */
    private <T> T attempt(Feed feed, Instant receivedAt, java.util.function.Function<EntryProcessor.Context, T> work) {
        String organisationName = sources.organisation(feed.organisationCode()).map(SourceOrganisation::name).orElse(null);
        for (int attempt = 1; ; attempt++) {
            try {
                return work.apply(new EntryProcessor.Context(feed, organisationName, receivedAt));
            } catch (DuplicateKeyException | TransientDataAccessException e) {
                // a concurrent writer got there first, or the database chose this one to break a deadlock
                if (attempt == ATTEMPTS) {
                    throw new IngestRejected(409, "conflict", null,
                            "Another delivery was writing the same records at the same time; send this one again");
                }
            } catch (InvalidResourceException e) {
                throw new IngestRejected(422, "invalid", e.element(), e.getMessage());
            } catch (DataIntegrityViolationException e) {
                // A value the checks let through but the database refuses. Its own message can quote
                // the value, so it goes to the log's exception class only, not to anyone.
                log.warn("The database refused a delivery from feed {}: {}", feed.id(), e.getClass().getSimpleName());
                throw new IngestRejected(422, "invalid", null, REFUSED);
            }
        }
    }

    /**
     * Keeps what a sender sent that could not be used, with the reason, and counts it as the feed's
     * delivery that did not load (a sender no feed is registered for: kept only).
     */
    void rejected(Feed feed, String contentType, byte[] payload, boolean truncated, String reason) {
        quarantine.keep(feed == null ? null : feed.id(), contentType, payload, truncated, reason);
        if (feed != null) {
            sources.recordDelivery(feed.id(), Instant.now(), false, Map.of());
        }
    }

    private IngestResponse reject(Feed feed, byte[] body, String contentType, IngestRejected e) {
        rejected(feed, contentType, body, false, e.status + " " + e.getMessage());
        return new IngestResponse(e.status, json(e.outcome()));
    }

    private IngestResponse transaction(EntryProcessor.Context ctx, List<Entry> entries) {
        tx.executeWithoutResult(status -> processor.process(ctx, entries));
        return new IngestResponse(200, json(responseBundle("transaction-response", entries)));
    }

    private IngestResponse batch(EntryProcessor.Context ctx, List<Entry> entries, String contentType) {
        for (Entry entry : entries) {
            // processing rewrites the resource in place; a failed entry is quarantined as it was sent
            String asSent = entry.resource == null ? "{\"request\":{\"method\":\"" + entry.method + "\",\"url\":\""
                    + entry.type + "/" + entry.sourceId + "\"}}" : json(entry.resource);
            try {
                tx.executeWithoutResult(status -> processor.process(ctx, List.of(entry)));
            } catch (IngestRejected e) {
                failed(ctx, entry, e, contentType, asSent);
            } catch (InvalidResourceException e) {
                failed(ctx, entry, new IngestRejected(422, "invalid", entry.path() + ".resource." + e.element(),
                        e.getMessage()), contentType, asSent);
            } catch (DataIntegrityViolationException e) {
                if (e instanceof DuplicateKeyException) {
                    throw e; // a concurrent writer: the whole batch goes again, what is stored is left unchanged
                }
                failed(ctx, entry, new IngestRejected(422, "invalid", entry.path(), REFUSED), contentType, asSent);
            }
        }
        return new IngestResponse(200, json(responseBundle("batch-response", entries)));
    }

    private void failed(EntryProcessor.Context ctx, Entry entry, IngestRejected e, String contentType, String asSent) {
        ctx.forget(entry);
        entry.reference = null;
        entry.status = e.status + " " + reasonPhrase(e.status);
        entry.location = null;
        entry.version = null;
        entry.failure = e.outcome();
        quarantine.keep(ctx.feed.id(), contentType, asSent.getBytes(StandardCharsets.UTF_8), false,
                e.status + " " + e.getMessage());
    }

    private static Map<String, Integer> skipped(List<Entry> entries) {
        Map<String, Integer> counts = new TreeMap<>();
        entries.stream().filter(e -> e.kind == Entry.Kind.SKIPPED).forEach(e -> counts.merge(e.type, 1, Integer::sum));
        return counts;
    }

    /**
     * Entries dropped under a restricted code list, by category: counted with the delivery, so one
     * write per feed and category whatever the number of items (decision 0015).
     */
    private static Map<String, Integer> restrictedDropped(List<Entry> entries) {
        Map<String, Integer> counts = null;
        for (Entry e : entries) {
            if (e.restricted != null && e.failure == null && e.status != null) {
                if (counts == null) {
                    counts = new TreeMap<>();
                }
                counts.merge(e.restricted.name(), 1, Integer::sum);
            }
        }
        return counts == null ? Map.of() : counts;
    }

    private static ObjectNode responseBundle(String type, List<Entry> entries) {
        ObjectNode bundle = FhirJson.MAPPER.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", type);
        ArrayNode out = bundle.putArray("entry");
        for (Entry e : entries) {
            ObjectNode response = out.addObject().putObject("response");
            response.put("status", e.status);
            if (e.location != null) {
                response.put("location", e.location);
            }
            if (e.version != null && !e.type.equals("Patient")) {
                response.put("etag", "W/\"" + e.version + "\"");
            }
            if (e.lastModified != null) {
                response.put("lastModified", e.lastModified);
            }
            if (e.failure != null) {
                response.set("outcome", e.failure);
            } else if (!e.warnings.isEmpty()) {
                ObjectNode outcome = OperationOutcomes.outcome("warning", e.warnings.get(0)[0], e.warnings.get(0)[1],
                        e.warnings.get(0)[2]);
                for (String[] w : e.warnings.subList(1, e.warnings.size())) {
                    OperationOutcomes.addIssue(outcome, "warning", w[0], w[1], w[2]);
                }
                response.set("outcome", outcome);
            }
        }
        return bundle;
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Payload Too Large";
            default -> "Unprocessable Entity";
        };
    }

    @Override
    public Map<String, Long> quarantinedByFeed() {
        return quarantine.countsByFeed();
    }

    @Override
    public long maxBundleBytes() {
        return properties.getMaxBundleBytes();
    }

    @Override
    public void quarantine(String feedId, String contentType, byte[] payload, boolean truncated, String reason) {
        quarantine.keep(feedId, contentType, payload, truncated, reason);
    }

    private static String json(ObjectNode node) {
        try {
            return FhirJson.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
