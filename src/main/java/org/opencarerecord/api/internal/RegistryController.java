package org.opencarerecord.api.internal;

import java.util.List;
import java.util.Map;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.FeedDefinition;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The feed registry, changed while the service runs (decision 0011):
 * {@code GET /admin/registry} lists the organisations and their active feeds (never a token);
 * {@code PUT /admin/registry/organisations/{code}} adds or changes an organisation;
 * {@code PUT /admin/registry/feeds/{id}} adds or changes a feed (a change to an active feed may leave
 * out the token to keep it; a drop directory is set in the configuration file only);
 * {@code DELETE /admin/registry/feeds/{id}} stops a feed (what it sent stays). Changes take effect at
 * once on this instance, within {@code care-record.sources.reload-interval-ms} on the others, and are
 * kept in the database; {@code configured: true} warns that the configuration file names it too, and
 * sets it again at the next start.
 */
@RestController
class RegistryController {

    record OrganisationView(String code, String name, String kind, String phone, String email, String address,
            boolean configured, List<FeedView> feeds) {
    }

    record FeedView(String id, String organisationCode, String name, String kind, String sendingFacility,
            String dropDirectory, boolean fullExtract, List<String> categories, String content, String cadence,
            boolean rejectOutOfScope, boolean rejectInvalidNhsNumber, boolean configured) {
    }

    /** An organisation as the API takes it. */
    record OrganisationChange(String name, String kind, String phone, String email, String address) {
    }

    /** A feed as the API takes it: {@code organisation} is its organisation's code. */
    record FeedChange(String organisation, String name, String kind, String token, Boolean rejectOutOfScope,
            Boolean rejectInvalidNhsNumber, String sendingFacility, String dropDirectory, Boolean fullExtract,
            List<String> categories, String content, String cadence) {
    }

    private final SourceRegistry sources;

    RegistryController(SourceRegistry sources) {
        this.sources = sources;
    }

    @GetMapping("/admin/registry")
    List<OrganisationView> registry() {
        List<Feed> feeds = sources.feeds();
        return sources.organisations().stream().map(o -> view(o, feeds)).toList();
    }

    @PutMapping("/admin/registry/organisations/{code}")
    ResponseEntity<OrganisationView> organisation(@PathVariable String code, @RequestBody OrganisationChange change) {
        boolean known = sources.organisations().stream().anyMatch(o -> o.code().equals(code));
        SourceOrganisation saved = sources.saveOrganisation(new SourceOrganisation(code, change.name(), change.kind(),
                change.phone(), change.email(), change.address()));
        return ResponseEntity.status(known ? 200 : 201).body(view(saved, sources.feeds()));
    }

    @PutMapping("/admin/registry/feeds/{id}")
    ResponseEntity<FeedView> feed(@PathVariable String id, @RequestBody FeedChange change) {
        boolean known = sources.feed(id).isPresent();
        Feed saved = sources.saveFeed(new FeedDefinition(id, change.organisation(), change.name(), change.kind(),
                change.token(), Boolean.TRUE.equals(change.rejectOutOfScope()),
                Boolean.TRUE.equals(change.rejectInvalidNhsNumber()), change.sendingFacility(), change.dropDirectory(),
                Boolean.TRUE.equals(change.fullExtract()), change.categories(), change.content(), change.cadence()));
        return ResponseEntity.status(known ? 200 : 201).body(view(saved));
    }

    @DeleteMapping("/admin/registry/feeds/{id}")
    ResponseEntity<Map<String, Object>> stop(@PathVariable String id) {
        if (!sources.deactivateFeed(id)) {
            throw new IllegalArgumentException("No active feed has the id '" + id + "'");
        }
        if (sources.configured(id)) {
            return ResponseEntity.ok(Map.of("stopped", true, "configured", true, "note", "The configuration file names"
                    + " this feed: it starts again, with the file's token, at the next start unless it is removed there"));
        }
        return ResponseEntity.noContent().build();
    }

    private OrganisationView view(SourceOrganisation o, List<Feed> feeds) {
        return new OrganisationView(o.code(), o.name(), o.kind(), o.phone(), o.email(), o.address(),
                sources.configured(o.code()), feeds.stream().filter(f -> f.organisationCode().equals(o.code()))
                        .map(this::view).toList());
    }

    private FeedView view(Feed f) {
        return new FeedView(f.id(), f.organisationCode(), f.name(), f.kind(), f.sendingFacility(), f.dropDirectory(),
                f.fullExtract(), f.categories(), f.content(), f.cadence().label(), f.rejectOutOfScope(),
                f.rejectInvalidNhsNumber(), sources.configured(f.id()));
    }
}
