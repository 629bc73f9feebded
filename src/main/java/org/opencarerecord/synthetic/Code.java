package org.opencarerecord.synthetic;

/** A coding from a code system, with the display text a source would send. */
record Code(String system, String code, String display) {
}
