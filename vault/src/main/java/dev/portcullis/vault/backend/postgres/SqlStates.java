package dev.portcullis.vault.backend.postgres;

/** Short descriptions of the SQLSTATE classes an operator is likely to meet, for error messages. */
final class SqlStates {
  private SqlStates() {}

  static String describe(String state) {
    if (state == null) return "no connection to the database";
    if (state.equals("28P01") || state.equals("28000")) return "the admin login was refused";
    if (state.equals("01007") || state.equals("01006")) return "the admin role may not grant a configured privilege";
    if (state.equals("42501")) return "the admin role lacks a privilege";
    if (state.equals("42704")) return "a role or object named in the settings does not exist";
    if (state.equals("42P01")) return "a table named in the grants does not exist";
    if (state.equals("42710")) return "the role exists already";
    if (state.startsWith("08")) return "the database could not be reached";
    if (state.startsWith("42")) return "a grant or statement was rejected";
    if (state.startsWith("53")) return "the database is out of resources";
    if (state.startsWith("57")) return "the database is shutting down or cancelled the statement";
    return "see the database log";
  }
}
