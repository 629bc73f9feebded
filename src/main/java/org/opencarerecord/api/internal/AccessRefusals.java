package org.opencarerecord.api.internal;

import org.opencarerecord.access.AccessDenied;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A refusal by the access rules, from any page or JSON endpoint: 401 or 403 with its reason. */
@RestControllerAdvice
class AccessRefusals {

    @ExceptionHandler(AccessDenied.class)
    ProblemDetail refused(AccessDenied e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status()), e.getMessage());
    }
}
