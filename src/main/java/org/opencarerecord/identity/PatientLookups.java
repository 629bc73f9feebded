package org.opencarerecord.identity;

/**
 * What the person index read ahead for a set of patients accepted together (a batch chunk, a
 * bundle): see {@link PersonIndex#lookUp}. Good for one transaction only.
 */
public interface PatientLookups {
}
