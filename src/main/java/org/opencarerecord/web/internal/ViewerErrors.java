package org.opencarerecord.web.internal;

import jakarta.servlet.http.HttpServletResponse;
import org.opencarerecord.access.AccessDenied;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

/**
 * The viewer's refusals and mistakes as pages that say what happened and what to do: never a
 * stack trace, never a bare status. (The API answers the same refusals as JSON or OperationOutcome.)
 */
@ControllerAdvice(assignableTypes = {ViewerController.class, AdminPagesController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ViewerErrors {

    @ExceptionHandler(AccessDenied.class)
    String refused(AccessDenied e, Model model, HttpServletResponse response) {
        if (e.status() == 401) {
            return "redirect:/login";
        }
        return problem(model, response, e.status(), e.status() == 403 ? "You cannot open this" : "Something is not right",
                e.getMessage());
    }

    @ExceptionHandler(ResponseStatusException.class)
    String status(ResponseStatusException e, Model model, HttpServletResponse response) {
        return problem(model, response, e.getStatusCode().value(), e.getStatusCode().value() == 404 ? "Not found"
                : "Something is not right", e.getReason());
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    String badAddress(Exception e, Model model, HttpServletResponse response) {
        return problem(model, response, HttpStatus.NOT_FOUND.value(), "Not found",
                "This address does not name a page of the record. Find the person again from the search page.");
    }

    private static String problem(Model model, HttpServletResponse response, int status, String title, String message) {
        response.setStatus(status);
        model.addAttribute("title", title);
        model.addAttribute("message", message);
        model.addAttribute("status", status);
        return "problem";
    }
}
