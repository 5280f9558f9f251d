package dev.portcullis.identity;

import com.nimbusds.jose.util.JSONArrayUtils;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RFC 9396 {@code authorization_details} of a delegation: one to {@value #MAX_ENTRIES}
 * {@link TaskGrant} entries, all for the same task (a delegation token carries one task, so that
 * revoking the task reaches all of it).
 *
 * <p>Read strictly from a request (JSON text of at most {@value #MAX_JSON_LENGTH} characters,
 * nesting at most {@value #MAX_JSON_DEPTH} deep) or from a verified token; every problem is an
 * {@link IllegalArgumentException} with a fixed sentence.
 *
 * @param grants the entries
 */
record AuthorizationDetails(List<TaskGrant> grants) {
  static final int MAX_ENTRIES = 8;
  static final int MAX_JSON_LENGTH = 4096;
  static final int MAX_JSON_DEPTH = 3;

  AuthorizationDetails {
    grants = List.copyOf(grants);
    if (grants.isEmpty()) throw new IllegalArgumentException("authorization_details must hold at least one entry");
    String task = grants.getFirst().task();
    for (TaskGrant grant : grants) {
      if (!grant.task().equals(task)) throw new IllegalArgumentException("all entries must name the same task");
    }
  }

  /** Reads the {@code authorization_details} parameter of a token request. */
  static AuthorizationDetails parse(String json) {
    if (json == null || json.isBlank()) throw new IllegalArgumentException("authorization_details is required");
    if (json.length() > MAX_JSON_LENGTH) {
      throw new IllegalArgumentException("authorization_details exceeds " + MAX_JSON_LENGTH + " characters");
    }
    if (CompactJws.depth(json) > MAX_JSON_DEPTH) {
      throw new IllegalArgumentException("authorization_details nests deeper than " + MAX_JSON_DEPTH);
    }
    List<Object> array;
    try {
      array = JSONArrayUtils.parse(json);
    } catch (ParseException | RuntimeException e) {
      // The parser's message may quote the input.
      throw new IllegalArgumentException("authorization_details is not a JSON array");
    }
    return fromJson(array);
  }

  /** Reads the {@code authorization_details} claim of a token (or a parsed request). */
  static AuthorizationDetails fromJson(Object claim) {
    if (!(claim instanceof List<?> list)) throw new IllegalArgumentException("authorization_details is not an array");
    if (list.isEmpty() || list.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("authorization_details must hold 1 to " + MAX_ENTRIES + " entries");
    }
    var grants = new ArrayList<TaskGrant>(list.size());
    for (Object entry : list) grants.add(TaskGrant.parse(entry));
    return new AuthorizationDetails(grants);
  }

  /**
   * The task grant a user's token states: its {@value TaskGrant#TYPE} entries (an identity
   * provider may carry details of other types, for other resources, beside them), or {@code null}
   * when it has none.
   *
   * @throws IllegalArgumentException when those entries are not a valid grant
   */
  static AuthorizationDetails stated(List<Object> userDetails) {
    if (userDetails == null) return null;
    var ours = new ArrayList<Object>();
    for (Object entry : userDetails) {
      if (entry instanceof Map<?, ?> map && TaskGrant.TYPE.equals(map.get("type"))) ours.add(entry);
    }
    return ours.isEmpty() ? null : fromJson(ours);
  }

  /** The descriptions of the entries, distinct, one per line; {@code null} when none has one. */
  String descriptions() {
    var distinct = grants.stream().map(TaskGrant::description).filter(java.util.Objects::nonNull).distinct().toList();
    return distinct.isEmpty() ? null : String.join("\n", distinct);
  }

  /** The one task all entries are for. */
  String task() { return grants.getFirst().task(); }

  /** Every location the entries name. */
  List<String> locations() {
    return grants.stream().flatMap(grant -> grant.locations().stream()).distinct().toList();
  }

  /** The entries as JSON, for a token's claim. */
  List<Map<String, Object>> toJson() {
    return grants.stream().map(TaskGrant::toJson).toList();
  }

  /**
   * These details as granted under {@code parent}: each entry must lie within some entry of the
   * parent ({@link TaskGrant#within}); omitted locations and call limits are the parent's.
   *
   * @throws IllegalArgumentException naming the first entry that asks for more than the parent has
   */
  AuthorizationDetails within(AuthorizationDetails parent) {
    var narrowed = new ArrayList<TaskGrant>(grants.size());
    for (int i = 0; i < grants.size(); i++) {
      TaskGrant requested = grants.get(i);
      TaskGrant granted = null;
      IllegalArgumentException first = null;
      for (TaskGrant candidate : parent.grants) {
        try {
          granted = requested.within(candidate);
          break;
        } catch (IllegalArgumentException e) {
          if (first == null) first = e;
        }
      }
      if (granted == null) {
        throw new IllegalArgumentException("authorization_details entry " + (i + 1) + " is not within the parent's: "
            + first.getMessage());
      }
      narrowed.add(granted);
    }
    return new AuthorizationDetails(narrowed);
  }
}
