package dev.portcullis.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One RFC 9396 authorization details entry of type {@value #TYPE}: what a user granted an agent
 * for one task — which tools (names or trailing-{@code *} globs such as {@code bank.*}), which
 * further resources, how many calls.
 *
 * <p>Entries are read strictly, from a token request or from a token: unknown members, wrong
 * types, empty lists, oversized values and malformed names are refused with an
 * {@link IllegalArgumentException} whose message is a fixed sentence, naming at most a member,
 * a tool pattern or a location (all validated first, none secret).
 *
 * @param task        the task id, {@code [A-Za-z0-9._:-]{1,128}}
 * @param description what the task is, for people, or {@code null}
 * @param tools       the tools, at least one
 * @param locations   the resources the task may reach beyond the token's audience (empty when none)
 * @param maxCalls    the most calls the task may make, or {@code null} for no count limit
 */
record TaskGrant(String task, String description, List<String> tools, List<String> locations, Integer maxCalls) {
  /** The authorization details type of a task grant. */
  static final String TYPE = "portcullis_task";
  static final int MAX_TOOLS = 32;
  static final int MAX_LOCATIONS = 8;
  static final int MAX_DESCRIPTION = 256;
  static final int MAX_LOCATION_LENGTH = 512;
  static final int MAX_CALLS = 1_000_000;

  private static final Set<String> MEMBERS = Set.of("type", "task", "description", "tools", "locations", "max_calls");
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_./-]{1,200}\\*?|\\*");
  private static final Pattern LOCATION = Pattern.compile("https?://[!-~]+");

  TaskGrant {
    tools = List.copyOf(tools);
    locations = List.copyOf(locations);
  }

  /** Reads one entry of an authorization details array. */
  static TaskGrant parse(Object entry) {
    if (!(entry instanceof Map<?, ?> map)) throw new IllegalArgumentException("each entry must be a JSON object");
    for (Object member : map.keySet()) {
      if (!MEMBERS.contains(member)) {
        throw new IllegalArgumentException("member '" + printable(member) + "' is not allowed in a " + TYPE + " entry");
      }
    }
    if (!TYPE.equals(map.get("type"))) throw new IllegalArgumentException("type must be '" + TYPE + "'");
    if (!(map.get("task") instanceof String task) || !TASK_ID.matcher(task).matches()) {
      throw new IllegalArgumentException("task must be an id of 1 to 128 characters [A-Za-z0-9._:-]");
    }
    String description = null;
    if (map.containsKey("description")) {
      if (!(map.get("description") instanceof String text) || text.length() > MAX_DESCRIPTION || hasControl(text)) {
        throw new IllegalArgumentException("description must be text of at most " + MAX_DESCRIPTION + " characters");
      }
      description = text;
    }
    List<String> tools = strings(map.get("tools"), "tools", 1, MAX_TOOLS, TOOL, 201);
    List<String> locations = map.containsKey("locations")
        ? strings(map.get("locations"), "locations", 1, MAX_LOCATIONS, LOCATION, MAX_LOCATION_LENGTH) : List.of();
    Integer maxCalls = null;
    if (map.containsKey("max_calls")) {
      if (!(map.get("max_calls") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
          || n.doubleValue() < 1 || n.doubleValue() > MAX_CALLS) {
        throw new IllegalArgumentException("max_calls must be a whole number between 1 and " + MAX_CALLS);
      }
      maxCalls = n.intValue();
    }
    return new TaskGrant(task, description, tools, locations, maxCalls);
  }

  /** The entry as JSON members, in a fixed order; unmodifiable, since policy reads it. */
  Map<String, Object> toJson() {
    var json = new LinkedHashMap<String, Object>();
    json.put("type", TYPE);
    json.put("task", task);
    if (description != null) json.put("description", description);
    json.put("tools", tools);
    if (!locations.isEmpty()) json.put("locations", locations);
    if (maxCalls != null) json.put("max_calls", maxCalls);
    return Collections.unmodifiableMap(json);
  }

  /**
   * This entry as granted under {@code parent}: the same, with {@code locations} and
   * {@code max_calls} taken from the parent when this entry leaves them out. The description stays
   * the parent's: it is what the user was told the task is, and a sub-agent may not reword it.
   *
   * @throws IllegalArgumentException naming the first right this entry asks for beyond the parent's
   */
  TaskGrant within(TaskGrant parent) {
    if (!task.equals(parent.task)) throw new IllegalArgumentException("task '" + task + "' is not the parent's task");
    if (description != null && !description.equals(parent.description)) {
      throw new IllegalArgumentException("the description of task '" + task + "' is the parent's and cannot change");
    }
    for (String tool : tools) {
      if (parent.tools.stream().noneMatch(granted -> covers(granted, tool))) {
        throw new IllegalArgumentException("tool '" + tool + "' is not within the parent's tools");
      }
    }
    List<String> effectiveLocations = locations;
    if (locations.isEmpty()) {
      effectiveLocations = parent.locations;
    } else {
      for (String location : locations) {
        if (!parent.locations.contains(location)) {
          throw new IllegalArgumentException("location '" + location + "' is not among the parent's locations");
        }
      }
    }
    Integer effectiveMax = maxCalls == null ? parent.maxCalls : maxCalls;
    if (parent.maxCalls != null && effectiveMax > parent.maxCalls) {
      throw new IllegalArgumentException("max_calls " + maxCalls + " exceeds the parent's " + parent.maxCalls);
    }
    return new TaskGrant(task, parent.description, tools, effectiveLocations, effectiveMax);
  }

  /**
   * Whether a granted tool pattern covers a requested one: a name covers only itself; a glob
   * {@code p*} covers every name and every glob that starts with {@code p}, so a child's glob may
   * be the same as its parent's or narrower, never broader.
   */
  static boolean covers(String granted, String requested) {
    if (!granted.endsWith("*")) return granted.equals(requested);
    String prefix = granted.substring(0, granted.length() - 1);
    String requestedPrefix = requested.endsWith("*") ? requested.substring(0, requested.length() - 1) : requested;
    return requestedPrefix.startsWith(prefix);
  }

  private static List<String> strings(Object value, String name, int min, int max, Pattern pattern, int maxLength) {
    if (!(value instanceof List<?> list) || list.size() < min || list.size() > max) {
      throw new IllegalArgumentException(name + " must be an array of " + min + " to " + max + " strings");
    }
    var out = new ArrayList<String>(list.size());
    for (Object item : list) {
      if (!(item instanceof String s) || s.length() > maxLength || !pattern.matcher(s).matches()) {
        throw new IllegalArgumentException(name + " holds a value that is not a valid " + singular(name));
      }
      if (out.contains(s)) throw new IllegalArgumentException(name + " holds '" + s + "' twice");
      out.add(s);
    }
    return out;
  }

  private static String singular(String name) {
    return name.equals("tools") ? "tool name or glob" : "absolute http(s) URL";
  }

  private static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) if (Character.isISOControl(text.charAt(i))) return true;
    return false;
  }

  private static String printable(Object member) {
    String text = String.valueOf(member);
    return text.length() <= 32 && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\'') ? text : "?";
  }
}
