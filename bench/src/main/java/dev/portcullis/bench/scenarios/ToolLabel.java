package dev.portcullis.bench.scenarios;

import java.util.List;

/**
 * What a careful operator declares about one upstream tool when the defence is on: whether it acts
 * on the world, whether its results come from a trusted source, how confidential they are, and
 * which confidentiality classes its arguments may carry.
 *
 * @param consequential   calling it has effects in the world
 * @param source          {@code trusted} or {@code untrusted}
 * @param confidentiality {@code public}, {@code internal}, {@code personal} or {@code secret}
 * @param receives        the classes its arguments may carry
 * @param guarded         the arguments whose origin matters (recipient, amount, grantee); empty
 *                        means every argument
 * @param trustedValues   patterns of guarded values the operator vouches for ({@code *@example.com})
 * @param parties         the parties the tool's source names in its records, each with the fields
 *                        the source attributes to it
 */
public record ToolLabel(boolean consequential, String source, String confidentiality, List<String> receives,
                        List<String> guarded, List<String> trustedValues, List<Party> parties) {
  private static final List<String> CLASSES = List.of("public", "internal", "personal", "secret");

  public ToolLabel {
    if (!source.equals("trusted") && !source.equals("untrusted")) throw new IllegalArgumentException("source must be trusted or untrusted, was " + source);
    if (!CLASSES.contains(confidentiality)) throw new IllegalArgumentException("confidentiality must be one of " + CLASSES + ", was " + confidentiality);
    receives = List.copyOf(receives);
    if (!CLASSES.containsAll(receives)) throw new IllegalArgumentException("receives must be among " + CLASSES + ", was " + receives);
    guarded = List.copyOf(guarded);
    trustedValues = List.copyOf(trustedValues);
    parties = List.copyOf(parties);
  }

  /**
   * A party the source names in a record field, and the fields of the same record it vouches belong
   * to that party (a bank's payer name, and the payer's account, amount and date).
   *
   * @param name   the field holding the party's name
   * @param values the fields attributed to it
   */
  public record Party(String name, List<String> values) {
    public Party {
      values = List.copyOf(values);
    }
  }

  /** A label whose every argument is guarded. */
  public ToolLabel(boolean consequential, String source, String confidentiality, List<String> receives) {
    this(consequential, source, confidentiality, receives, List.of(), List.of(), List.of());
  }

  /**
   * This label with only these arguments guarded: the ones that say whom the call reaches and how
   * much it moves. The others are content, which may come from untrusted text unless it carries a
   * link or account number copied from it.
   */
  public ToolLabel guarding(String... arguments) {
    return new ToolLabel(consequential, source, confidentiality, receives, List.of(arguments), trustedValues, parties);
  }

  /** This label, vouching for guarded values that match these patterns (the organisation's own addresses). */
  public ToolLabel trusting(String... patterns) {
    return new ToolLabel(consequential, source, confidentiality, receives, guarded, List.of(patterns), parties);
  }

  /** This label, declaring the parties the tool's source names in its records. */
  public ToolLabel naming(Party... declared) {
    return new ToolLabel(consequential, source, confidentiality, receives, guarded, trustedValues, List.of(declared));
  }

  /**
   * A tool that reads the user's own records, from a source of this trust and class. Its arguments
   * (a search term, an id) stay with the service that already holds the user's data, so they may
   * be personal, but not secret.
   */
  public static ToolLabel reads(String source, String confidentiality) {
    return new ToolLabel(false, source, confidentiality, List.of("public", "internal", "personal"));
  }

  /** A tool that fetches from the open web: untrusted public content, and its arguments (a URL) leave the organisation. */
  public static ToolLabel browses() {
    return new ToolLabel(false, "untrusted", "public", List.of("public"));
  }

  /** A consequential tool whose arguments may carry these classes; what it returns is the user's own record. */
  public static ToolLabel acts(String... receives) {
    return new ToolLabel(true, "trusted", "internal", List.of(receives));
  }
}
