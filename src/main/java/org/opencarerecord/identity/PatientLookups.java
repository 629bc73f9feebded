package org.opencarerecord.identity;

/**
 * What the person index read ahead for a set of patients accepted together (a batch chunk, a
 * bundle), and the new records it holds back to write together: see {@link PersonIndex#lookUp}.
 * Good for one transaction only.
 */
public interface PatientLookups {

    /**
     * Writes the new records accepted so far. Call it before anything else in the transaction reads
     * or writes what they name (items that point at them, merges); it runs before commit anyway.
     */
    void flush();
}
