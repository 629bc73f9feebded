/**
 * The person matcher: normalisation, phonetic codes, nicknames, Fellegi-Sunter scoring, blocking
 * keys and the link decision. Pure functions over demographics, no database: the accuracy
 * benchmark runs exactly this code.
 */
@NamedInterface("matching")
package org.opencarerecord.identity.internal.matching;

import org.springframework.modulith.NamedInterface;
