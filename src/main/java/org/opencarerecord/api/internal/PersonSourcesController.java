package org.opencarerecord.api.internal;

import java.util.UUID;
import org.opencarerecord.access.PersonSources;
import org.opencarerecord.access.RecordAccess;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * For the viewer: which sources hold data on a person, how fresh each is, and which connected
 * sources hold nothing on them ("an absence of information does not mean it does not exist").
 */
@RestController
class PersonSourcesController {

    private final RecordAccess access;
    private final SourceRegistry sources;

    PersonSourcesController(RecordAccess access, SourceRegistry sources) {
        this.access = access;
        this.sources = sources;
    }

    @GetMapping("/api/persons/{id}/sources")
    PersonSources sources(@PathVariable UUID id) {
        RecordAccess.Holdings held = access.holdingsBySource(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No person " + id));
        return PersonSources.of(held.person(), held.bySource(), sources);
    }
}
