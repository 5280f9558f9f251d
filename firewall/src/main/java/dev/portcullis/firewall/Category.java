package dev.portcullis.firewall;

import java.util.Locale;

/** What kind of risk a finding stands for; settings choose thresholds and actions per category. */
public enum Category {
  /** Text that tries to steer the model: override phrasing, fake role markers, instructions to the model. */
  INJECTION("injection-suspected"),
  /** Content a human reader does not see: tag characters, zero-width and bidi controls, ANSI escapes, comments. */
  HIDDEN_CONTENT("hidden-content"),
  /** Ways to carry data out: markdown images and links with payloads, encoded data in URLs, data: URIs. */
  EXFILTRATION("exfiltration"),
  /** Credentials: API keys, tokens, private keys, passwords in assignments. */
  SECRET("secret"),
  /** Personal data: payment cards, IBANs, national ids, phone numbers, email addresses. */
  PERSONAL("personal"),
  /** Health identifiers and codes: provider and patient numbers, diagnosis codes. */
  HEALTH("health"),
  /** A tool description written to manipulate the model that reads it. */
  POISONING("poisoning");

  private final String label;

  Category(String label) { this.label = label; }

  /** The content label this category adds to a session when a finding of it is acted on. */
  public String label() { return label; }

  /** Parses a category name case-insensitively ({@code secret}, {@code HIDDEN_CONTENT}, {@code hidden-content}). */
  public static Category parse(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Category c : values()) {
      if (c.name().equals(n)) return c;
    }
    throw new IllegalArgumentException("unknown category '" + name + "'; expected one of " + java.util.Arrays.toString(values()));
  }
}
