package dev.portcullis.connect.http;

import java.util.Locale;

/** Where a tool argument goes in the HTTP request. */
public enum ParameterLocation {
  /** A segment of the URL path, percent-encoded ({@code /invoices/{id}}). */
  PATH,
  /** A query parameter. */
  QUERY,
  /** A request header (never one the gateway sets, nor Authorization, Cookie or Host). */
  HEADER,
  /** A member of the JSON request body. */
  BODY;

  /** The location named {@code in} ({@code path}, {@code query}, {@code header}, {@code body}). */
  public static ParameterLocation parse(String in) {
    return switch (in == null ? "" : in.toLowerCase(Locale.ROOT)) {
      case "path" -> PATH;
      case "query" -> QUERY;
      case "header" -> HEADER;
      case "body" -> BODY;
      default -> throw new IllegalArgumentException("'in' must be path, query, header or body, was '" + in + "'");
    };
  }
}
