package org.opencarerecord.ingest.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for work handed to another thread, without outliving a service that is stopping. */
final class Waiting {

    private Waiting() {
    }

    /**
     * The result of {@code future}, looking every second whether the service is {@code stopping} (then,
     * or when interrupted, {@code stopped} is thrown); what the work threw is thrown as it was.
     */
    static <T> T await(Future<T> future, BooleanSupplier stopping, Supplier<RuntimeException> stopped) {
        while (true) {
            try {
                return future.get(1, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                if (stopping.getAsBoolean()) {
                    throw stopped.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw stopped.get();
            }
        }
    }
}
