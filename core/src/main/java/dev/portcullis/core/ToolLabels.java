package dev.portcullis.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What an operator declared about a tool, beyond what its upstream describes: whether calling it
 * has consequences in the world (send, pay, delete, share, external POST), whether what it returns
 * comes from a trusted source, how confidential its results are, and which confidentiality classes
 * its arguments may carry. Policy and the information-flow tracking read these; an upstream cannot
 * change them.
 *
 * @param consequential   the call acts on the world; its arguments should be of trusted origin
 * @param source          {@code trusted} or {@code untrusted}: where the tool's results come from
 * @param confidentiality the class of its results: {@code public}, {@code internal}, {@code personal} or {@code secret}
 * @param receives        the confidentiality classes data in its arguments may have
 * @param guarded         the top-level arguments whose origin matters (a payment's recipient and
 *                        amount, an e-mail's recipients, a share's grantee); empty means every
 *                        argument. The others are content (a subject, a body), whose origin alone
 *                        does not make the call the attacker's
 * @param trustedValues   values the operator vouches for in guarded arguments, as patterns where
 *                        {@code *} stands for any run of characters ({@code *@example.com}, the
 *                        organisation's own addresses): a guarded value matching one is of trusted
 *                        origin wherever the agent read it. Compared case-insensitively
 * @param parties         how the tool's source attributes the values of its records to named
 *                        parties (see {@link Party}); empty for a tool that declares none
 */
public record ToolLabels(boolean consequential, String source, String confidentiality, Set<String> receives,
                         Set<String> guarded, Set<String> trustedValues, java.util.List<Party> parties) {
  /** The confidentiality classes, least to most confidential. */
  public static final java.util.List<String> CLASSES = java.util.List.of("public", "internal", "personal", "secret");
  /** A tool nobody labelled: not consequential, untrusted results of internal class, receives up to internal. */
  public static final ToolLabels UNLABELLED = new ToolLabels(false, "untrusted", "internal", Set.of("public", "internal"));
  private static final java.util.regex.Pattern ARGUMENT_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  /** The key under which the resolve-tool step leaves the labels of the called tool. */
  public static final Exchange.Key<ToolLabels> KEY = Exchange.Key.of("tool-labels", ToolLabels.class);

  public ToolLabels {
    source = Objects.requireNonNull(source, "source").toLowerCase(Locale.ROOT);
    if (!source.equals("trusted") && !source.equals("untrusted")) {
      throw new IllegalArgumentException("source must be trusted or untrusted, not '" + source + "'");
    }
    confidentiality = Objects.requireNonNull(confidentiality, "confidentiality").toLowerCase(Locale.ROOT);
    if (!CLASSES.contains(confidentiality)) {
      throw new IllegalArgumentException("confidentiality must be one of " + CLASSES + ", not '" + confidentiality + "'");
    }
    receives = Set.copyOf(receives);
    for (String c : receives) {
      if (!CLASSES.contains(c)) throw new IllegalArgumentException("receives: '" + c + "' is not one of " + CLASSES);
    }
    guarded = Set.copyOf(guarded);
    trustedValues = Set.copyOf(trustedValues);
    for (String v : trustedValues) {
      if (v.isBlank() || v.chars().allMatch(c -> c == '*')) {
        throw new IllegalArgumentException("trusted-values: a pattern must name something besides '*'");
      }
    }
    for (String g : guarded) {
      if (!ARGUMENT_NAME.matcher(g).matches()) {
        throw new IllegalArgumentException("guarded: an argument name must match " + ARGUMENT_NAME.pattern());
      }
    }
    parties = java.util.List.copyOf(parties);
  }

  /** Labels whose source attributes nothing to named parties. */
  public ToolLabels(boolean consequential, String source, String confidentiality, Set<String> receives,
                    Set<String> guarded, Set<String> trustedValues) {
    this(consequential, source, confidentiality, receives, guarded, trustedValues, java.util.List.of());
  }

  /** Labels whose every argument is guarded, as before arguments could be told apart. */
  public ToolLabels(boolean consequential, String source, String confidentiality, Set<String> receives) {
    this(consequential, source, confidentiality, receives, Set.of(), Set.of());
  }

  /**
   * A party the tool's source names in its records, and the values it attributes to that party:
   * in a bank's transaction list, {@code sender_name} names who paid, and the bank vouches that
   * {@code sender}, {@code amount} and {@code date} are that payer's account, payment and day. When
   * the user's own words (the task their identity provider's token states) name the party, these
   * values are what the user referred to, wherever else they appear: an agent told "send Anna Weber
   * back what she sent me" may pay her account, read from a list an outsider also wrote into.
   *
   * <p>Declare only fields the source itself establishes (a bank's verified payer name, a ledger's
   * amounts), never fields the counterparty writes freely (an e-mail's display name, a transfer's
   * subject): whoever controls the name field can make its values the user's.
   *
   * @param name   the record field holding the party's name, e.g. {@code sender_name}
   * @param values the fields of the same record the source attributes to that party
   */
  public record Party(String name, Set<String> values) {
    public Party {
      Objects.requireNonNull(name, "name");
      if (!ARGUMENT_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("parties: a field name must match " + ARGUMENT_NAME.pattern());
      }
      values = Set.copyOf(values);
      if (values.isEmpty()) throw new IllegalArgumentException("parties: party '" + name + "' needs at least one value field");
      for (String v : values) {
        if (!ARGUMENT_NAME.matcher(v).matches()) {
          throw new IllegalArgumentException("parties: a field name must match " + ARGUMENT_NAME.pattern());
        }
      }
      if (values.contains(name)) {
        throw new IllegalArgumentException("parties: party '" + name + "' cannot attribute its own name field to itself");
      }
    }
  }

  /**
   * Whether the operator vouches for this value of a guarded argument: it matches one of
   * {@link #trustedValues}, ignoring case.
   */
  public boolean vouchesFor(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (String pattern : trustedValues) {
      if (matches(pattern.toLowerCase(Locale.ROOT), v)) return true;
    }
    return false;
  }

  /** A glob match where {@code *} is any run of characters, without regular expressions. */
  private static boolean matches(String pattern, String value) {
    String[] parts = pattern.split("\\*", -1);
    if (parts.length == 1) return pattern.equals(value);
    if (!value.startsWith(parts[0])) return false;
    int at = parts[0].length();
    for (int i = 1; i < parts.length - 1; i++) {
      int found = value.indexOf(parts[i], at);
      if (found < 0) return false;
      at = found + parts[i].length();
    }
    String last = parts[parts.length - 1];
    return value.length() - at >= last.length() && value.endsWith(last);
  }

  /**
   * Whether the argument at this path (as the flow step names it: {@code recipient},
   * {@code recipients[0]}, {@code payee.iban}) lies inside a guarded argument. Every argument is
   * guarded when the operator named none, so that a tool declared without the distinction keeps
   * the strict reading.
   */
  public boolean guards(String path) {
    if (guarded.isEmpty()) return true;
    for (String g : guarded) {
      if (path.equals(g) || (path.startsWith(g) && (path.charAt(g.length()) == '.' || path.charAt(g.length()) == '['))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the operator named the guarded arguments, so that the others are declared content. */
  public boolean declaresGuarded() { return !guarded.isEmpty(); }

  /** Whether results of this tool are of trusted origin. */
  public boolean trusted() { return source.equals("trusted"); }
}
