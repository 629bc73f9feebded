package org.opencarerecord.api.internal;

import java.util.Map;
import org.opencarerecord.access.SignedIn;
import org.opencarerecord.audit.StaffMember;
import org.opencarerecord.audit.StaffRegister;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The staff register (area {@code staff}; privacy officers by default, decision 0017), which the privacy
 * reports own-record, same-address and same-surname read: {@code GET /admin/staff/{userId}},
 * {@code PUT /admin/staff/{userId}} ({@code {"nhsNumber", "familyName", "addressLines": [...], "postcode"}}),
 * {@code POST /admin/staff} (a CSV file, docs/access.md; all or nothing) and {@code DELETE
 * /admin/staff/{userId}} (a leaver). Changes are in the signed-in user's name.
 */
@RestController
class StaffController {

    private final StaffRegister register;

    StaffController(StaffRegister register) {
        this.register = register;
    }

    @GetMapping("/admin/staff/{userId}")
    StaffMember get(@PathVariable String userId) {
        return register.find(userId).orElseThrow(() -> new IllegalArgumentException("No staff register entry for this user"));
    }

    @PutMapping("/admin/staff/{userId}")
    StaffMember put(@PathVariable String userId, @RequestBody(required = false) StaffRegister.Details body) {
        return register.put(userId, body, SignedIn.label());
    }

    @PostMapping("/admin/staff")
    Map<String, Object> load(@RequestBody(required = false) String csv) {
        StaffRegister.Loaded loaded = register.load(csv, SignedIn.label());
        return Map.of("added", loaded.added(), "replaced", loaded.replaced());
    }

    @DeleteMapping("/admin/staff/{userId}")
    ResponseEntity<Void> remove(@PathVariable String userId) {
        if (!register.remove(userId)) {
            throw new IllegalArgumentException("No staff register entry for this user");
        }
        return ResponseEntity.noContent().build();
    }
}
