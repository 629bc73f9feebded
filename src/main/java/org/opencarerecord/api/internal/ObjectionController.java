package org.opencarerecord.api.internal;

import java.util.List;
import java.util.UUID;
import org.opencarerecord.access.Objections;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The objections register (area {@code objections}; privacy officers by default):
 * {@code GET /admin/objections?status=standing|all}, {@code POST /admin/objections}
 * ({@code {"person", "basis": "self" | "parent" | "competent-child", "note"}}) and
 * {@code POST /admin/objections/{id}/withdraw} ({@code {"note"}}), each in the signed-in user's name.
 */
@RestController
class ObjectionController {

    record NewObjection(UUID person, String basis, String note) {
    }

    record Withdrawal(String note) {
    }

    private final Objections objections;

    ObjectionController(Objections objections) {
        this.objections = objections;
    }

    @GetMapping("/admin/objections")
    List<Objections.Objection> list(@RequestParam(defaultValue = "standing") String status) {
        if (!List.of("standing", "all").contains(status)) {
            throw new IllegalArgumentException("status must be standing or all");
        }
        return objections.list(status.equals("standing"), 500);
    }

    @PostMapping("/admin/objections")
    ResponseEntity<Objections.Objection> record(@RequestBody NewObjection body) {
        if (body.person() == null) {
            throw new IllegalArgumentException("Name the person (person: their id here)");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(objections.record(body.person(), body.basis(), body.note()));
    }

    @PostMapping("/admin/objections/{id}/withdraw")
    Objections.Objection withdraw(@PathVariable UUID id, @RequestBody(required = false) Withdrawal body) {
        return objections.withdraw(id, body == null ? null : body.note());
    }
}
