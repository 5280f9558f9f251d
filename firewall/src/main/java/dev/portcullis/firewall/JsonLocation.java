package dev.portcullis.firewall;

/**
 * Where a value is in a JSON document, for code that needs the path only when it has something to
 * report there: building paths for every value of a large result would cost more than scanning it.
 */
interface JsonLocation {
  /** The path (built on this call by a walk that is under way; the path itself returns itself). */
  JsonPath path();
}
