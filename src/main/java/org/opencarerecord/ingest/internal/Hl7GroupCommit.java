package org.opencarerecord.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.opencarerecord.sources.Feed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stores HL7 v2 messages from every connection in groups (group commit): an applier takes the
 * messages waiting for it and stores them in one transaction, one round of look-ups and one commit,
 * and only then does each connection answer AA. Nothing waits to fill a group: under light load a
 * group is one message; under heavy load, the messages that arrived while the last group was stored.
 * <p>
 * A message goes to the applier its patient (PID-3) hashes to, so one patient record's messages are
 * stored in the order they arrived (a merge goes to its surviving record's applier). A group never
 * holds two messages about one patient or with one control id; a merge (A34/A40), or a message about
 * several patients, goes alone. When a group fails, each of its messages goes again alone, so that
 * only a message that cannot be used is answered AE.
 */
@Component
class Hl7GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(Hl7GroupCommit.class);
    /** Most messages in one transaction. */
    static final int MAX_GROUP = 64;

    private final FhirBundleIngestion ingestion;
    private final JdbcClient jdbc;
    private final List<BlockingQueue<Pending>> queues = new ArrayList<>();
    private final List<Thread> appliers = new ArrayList<>();
    private volatile boolean running = true;

    /** A message translated by its connection, waiting to be stored. */
    private record Pending(Feed feed, String controlId, String type, String patient, boolean alone,
            Supplier<ObjectNode> bundle, CompletableFuture<Boolean> applied) {
    }

    /** The service is stopping: the message gets no answer, and its sender sends it again later. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("the service is stopping", null, false, false);
        }
    }

    Hl7GroupCommit(FhirBundleIngestion ingestion, JdbcClient jdbc, MllpProperties properties) {
        this.ingestion = ingestion;
        this.jdbc = jdbc;
        for (int i = 0; i < Math.max(1, properties.getAppliers()); i++) {
            BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            Thread t = new Thread(() -> run(queue), "hl7-applier-" + (i + 1));
            t.setDaemon(true);
            appliers.add(t);
            t.start();
        }
    }

    /**
     * Stores a translated message of the feed once: true when it was stored now, false when this
     * control id was stored before. Blocks until it is committed; throws what the pipeline throws.
     * {@code translateAgain} gives the bundle anew for a second try (the first one rewrites it).
     */
    boolean apply(Feed feed, String controlId, String type, boolean merge, ObjectNode bundle,
            Supplier<ObjectNode> translateAgain) {
        List<String> patients = patientsOf(bundle);
        String patient = patients.isEmpty() ? null : patients.get(0);
        // a merge, or a message about several patients, is stored in a group of its own
        Pending p = new Pending(feed, controlId, type, patient, merge || patients.size() != 1,
                FhirBundleIngestion.firstThenFresh(bundle, translateAgain), new CompletableFuture<>());
        int applier = Math.floorMod((feed.id() + "|" + (patient == null ? controlId : patient)).hashCode(), queues.size());
        if (!running) {
            throw new Stopping();
        }
        queues.get(applier).add(p);
        return Waiting.await(p.applied(), () -> !running, Stopping::new);
    }

    /** The source's ids of the patients the message is about (a merge: the survivor first). */
    private static List<String> patientsOf(ObjectNode bundle) {
        List<String> patients = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            if ("Patient".equals(resource.path("resourceType").asText()) && resource.hasNonNull("id")) {
                patients.add(resource.get("id").asText());
            }
        }
        return patients;
    }

    private void run(BlockingQueue<Pending> queue) {
        while (running) {
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            List<Pending> group = new ArrayList<>(List.of(first));
            if (!first.alone()) {
                Set<String> patients = new HashSet<>(Set.of(first.patient()));
                Set<String> controlIds = new HashSet<>(Set.of(first.controlId()));
                for (Pending next = queue.peek(); next != null && group.size() < MAX_GROUP; next = queue.peek()) {
                    if (next.alone() || !next.feed().id().equals(first.feed().id())
                            || patients.contains(next.patient()) || controlIds.contains(next.controlId())) {
                        break;
                    }
                    patients.add(next.patient());
                    controlIds.add(next.controlId());
                    group.add(queue.poll());
                }
            }
            try {
                store(group);
            } catch (RuntimeException | Error e) {
                log.error("HL7 v2 applier failed: {}", e.getClass().getName());
                group.forEach(p -> p.applied().completeExceptionally(e));
            }
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.applied().completeExceptionally(new Stopping());
        }
    }

    private void store(List<Pending> group) {
        if (group.size() > 1) {
            Feed feed = group.get(0).feed();
            try {
                boolean[] applied = ingestion.applyTransactions(feed, group.stream().map(Pending::bundle).toList(),
                        () -> claim(feed, group));
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).applied().complete(applied[i]);
                }
                return;
            } catch (RuntimeException e) {
                // one of them cannot be used: each goes again alone, below (and is answered with its own reason)
                log.debug("A group of {} HL7 v2 messages goes again message by message: {}", group.size(),
                        e.getClass().getSimpleName());
            }
        }
        for (Pending p : group) {
            try {
                p.applied().complete(ingestion.applyTransaction(p.feed(), p.bundle(), () -> claim(p.feed(), List.of(p))[0]));
            } catch (RuntimeException e) {
                p.applied().completeExceptionally(e);
            }
        }
    }

    /** Claims the control ids for the feed inside the transaction: false for each stored before. */
    private boolean[] claim(Feed feed, List<Pending> group) {
        Set<String> claimed = new HashSet<>(jdbc.sql("""
                INSERT INTO hl7_message (feed_id, control_id, message_type, received_at)
                SELECT ?, m.control_id, m.message_type, now() FROM unnest(?::text[], ?::text[]) AS m(control_id, message_type)
                ON CONFLICT DO NOTHING RETURNING control_id""")
                .params(feed.id(), group.stream().map(Pending::controlId).toArray(String[]::new),
                        group.stream().map(Pending::type).toArray(String[]::new))
                .query(String.class).list());
        boolean[] fresh = new boolean[group.size()];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = claimed.contains(group.get(i).controlId());
        }
        return fresh;
    }

    @PreDestroy
    void stop() {
        running = false;
        appliers.forEach(Thread::interrupt);
    }
}
