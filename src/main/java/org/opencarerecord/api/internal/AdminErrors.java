package org.opencarerecord.api.internal;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * How the admin JSON APIs answer what their services refuse: a bad request (400), or 404 when it
 * names something that is not there ("No ..."), and 409 when the thing was already decided.
 */
@RestControllerAdvice(assignableTypes = {PersonIndexController.class, QuarantineController.class, RegistryController.class,
        ObjectionController.class, StaffController.class})
class AdminErrors {

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(e.getMessage() != null && e.getMessage().startsWith("No ")
                ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail conflict(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
