package dev.portcullis.registry;

import dev.portcullis.core.CanonicalJson;
import dev.portcullis.core.ToolDefinition;
import dev.portcullis.core.state.ToolRecord;
import dev.portcullis.core.state.ToolRecord.Status;
import dev.portcullis.core.state.ToolRepository;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of tools agents may use. A tool exists for agents only when it is approved and the
 * upstream still offers exactly the definition that was approved (same digest). Everything else —
 * a new tool, a changed definition (rug pull), a tool whose bare name another upstream already
 * offers (shadowing) — waits for a human, who approves the exact digest they reviewed.
 */
public final class ToolRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRegistry.class);

  private final ToolRepository repository;
  private final InstantSource clock;
  private final Map<String, String> preApproved;

  /**
   * @param preApproved tools approved by configuration: namespaced name → pinned digest, or
   *                    {@code "first-seen"} to pin whatever the upstream offers when first seen
   */
  public ToolRegistry(ToolRepository repository, InstantSource clock, Map<String, String> preApproved) {
    this.repository = repository;
    this.clock = clock;
    this.preApproved = Map.copyOf(preApproved);
  }

  /** The namespaced name of an upstream tool. */
  public static String namespaced(String upstream, String tool) { return upstream + "." + tool; }

  /**
   * Records what the upstreams offer now and returns the tools agents may see: approved and
   * unchanged. Upstreams missing from the map (unreachable) keep their registrations as they are.
   */
  public List<ToolDefinition> reconcile(Map<String, List<Map<String, Object>>> offered) {
    var existing = new HashMap<String, ToolRecord>();
    repository.list().forEach(r -> existing.put(r.name(), r));
    var bareNames = bareNameOwners(existing, offered);
    var visible = new ArrayList<ToolDefinition>();
    for (var entry : offered.entrySet()) {
      String upstream = entry.getKey();
      var seen = new TreeSet<String>();
      for (Map<String, Object> definition : entry.getValue()) {
        if (!(definition.get("name") instanceof String bare) || bare.isBlank()) continue;
        String name = namespaced(upstream, bare);
        if (!seen.add(name)) continue;
        ToolRecord now = observe(existing.get(name), upstream, bare, definition, bareNames.get(bare));
        if (!now.equals(existing.get(name))) repository.put(now);
        if (now.status() == Status.APPROVED) visible.add(toDefinition(now));
      }
      for (ToolRecord gone : existing.values()) {
        if (gone.upstream().equals(upstream) && !seen.contains(gone.name()) && gone.observedDigest() != null) {
          repository.put(withObserved(gone, null, null, gone.status(), "no longer offered by the upstream"));
        }
      }
    }
    return visible;
  }

  /** Which upstreams offer (or are registered with) each bare tool name. */
  private static Map<String, Set<String>> bareNameOwners(Map<String, ToolRecord> existing,
                                                         Map<String, List<Map<String, Object>>> offered) {
    var owners = new HashMap<String, Set<String>>();
    existing.values().stream().filter(r -> r.status() == Status.APPROVED)
        .forEach(r -> owners.computeIfAbsent(r.upstreamName(), k -> new TreeSet<>()).add(r.upstream()));
    offered.forEach((upstream, defs) -> defs.forEach(d -> {
      if (d.get("name") instanceof String bare) owners.computeIfAbsent(bare, k -> new TreeSet<>()).add(upstream);
    }));
    return owners;
  }

  private ToolRecord observe(ToolRecord record, String upstream, String bare, Map<String, Object> definition,
                             Set<String> owners) {
    String digest = ToolDigest.of(definition);
    Map<String, Object> pinned = ToolDigest.pinned(definition);
    String name = namespaced(upstream, bare);
    String shadowNote = owners != null && owners.size() > 1
        ? "the name '" + bare + "' is also offered by " + String.join(", ", owners.stream().filter(o -> !o.equals(upstream)).toList())
        : null;
    if (record == null) {
      String configured = preApproved.get(name);
      if (configured != null && (configured.equals("first-seen") || configured.equals(digest))) {
        LOG.info("tool {} approved by configuration at {}", name, digest);
        return new ToolRecord(name, upstream, bare, Status.APPROVED, digest, pinned, digest, pinned, null,
            "configuration", clock.instant());
      }
      String note = configured != null && !configured.equals("first-seen") && !configured.equals(digest)
          ? "offered definition " + digest + " does not match the configured digest " + configured
          : shadowNote != null ? shadowNote : "new tool; not yet approved";
      LOG.info("tool {} discovered: {}", name, note);
      return new ToolRecord(name, upstream, bare, Status.DISCOVERED, null, null, digest, pinned, note, null, clock.instant());
    }
    if (record.status() == Status.DISABLED) return withObserved(record, digest, pinned, Status.DISABLED, record.note());
    if (record.digest() == null) {
      return withObserved(record, digest, pinned, Status.DISCOVERED, shadowNote != null ? shadowNote : record.note());
    }
    if (record.digest().equals(digest)) return withObserved(record, digest, pinned, Status.APPROVED, null);
    if (record.status() != Status.CHANGED) {
      LOG.warn("tool {} changed its definition since approval ({} -> {}); blocked until re-approved", name, record.digest(), digest);
    }
    return withObserved(record, digest, pinned, Status.CHANGED, "definition changed since approval; re-approval required");
  }

  private ToolRecord withObserved(ToolRecord r, String digest, Map<String, Object> definition, Status status, String note) {
    if (Objects.equals(r.observedDigest(), digest) && r.status() == status && Objects.equals(r.note(), note)) return r;
    return new ToolRecord(r.name(), r.upstream(), r.upstreamName(), status, r.digest(), r.definition(), digest, definition,
        note, r.approvedBy(), clock.instant());
  }

  /** The record of a tool, if it was ever seen. */
  public java.util.Optional<ToolRecord> get(String name) { return repository.get(name); }

  /** Every registration. */
  public List<ToolRecord> list() { return repository.list(); }

  /**
   * Approves the definition the upstream offers now. {@code expectedDigest} must be the digest the
   * approver reviewed; if the upstream changed in between, nothing is approved.
   */
  public ToolRecord approve(String name, String expectedDigest, String by) {
    ToolRecord r = repository.get(name).orElseThrow(() -> new NoSuchElementException("no tool '" + name + "' has been seen"));
    if (r.observedDigest() == null) throw new IllegalStateException("tool '" + name + "' is not offered by its upstream now");
    if (!r.observedDigest().equals(expectedDigest)) {
      throw new IllegalStateException("tool '" + name + "' is offered at " + r.observedDigest() + ", not at the reviewed " + expectedDigest);
    }
    var approved = new ToolRecord(r.name(), r.upstream(), r.upstreamName(), Status.APPROVED, r.observedDigest(),
        r.observedDefinition(), r.observedDigest(), r.observedDefinition(), null, by, clock.instant());
    repository.put(approved);
    return approved;
  }

  /** Disables a tool: it disappears for agents until approved again. */
  public ToolRecord disable(String name, String by) {
    ToolRecord r = repository.get(name).orElseThrow(() -> new NoSuchElementException("no tool '" + name + "' has been seen"));
    var disabled = new ToolRecord(r.name(), r.upstream(), r.upstreamName(), Status.DISABLED, r.digest(), r.definition(),
        r.observedDigest(), r.observedDefinition(), "disabled by " + by, r.approvedBy(), clock.instant());
    repository.put(disabled);
    return disabled;
  }

  /** Field-level differences between the approved and the offered definition. */
  public List<Difference> diff(String name) {
    ToolRecord r = repository.get(name).orElseThrow(() -> new NoSuchElementException("no tool '" + name + "' has been seen"));
    Map<String, Object> before = r.definition() == null ? Map.of() : r.definition();
    Map<String, Object> after = r.observedDefinition() == null ? Map.of() : r.observedDefinition();
    var fields = new TreeSet<String>();
    fields.addAll(before.keySet());
    fields.addAll(after.keySet());
    var diffs = new ArrayList<Difference>();
    for (String f : fields) {
      Object a = before.get(f);
      Object b = after.get(f);
      if (!CanonicalJson.text(a).equals(CanonicalJson.text(b))) diffs.add(new Difference(f, a, b));
    }
    return diffs;
  }

  /** The tool as agents see it, for an approved record. */
  static ToolDefinition toDefinition(ToolRecord r) {
    return new ToolDefinition(r.name(), r.upstream(), r.upstreamName(), r.digest(), new LinkedHashMap<>(r.definition()));
  }

  /**
   * One field that differs.
   *
   * @param field    the definition field
   * @param approved its approved value ({@code null} when absent)
   * @param offered  its offered value ({@code null} when absent)
   */
  public record Difference(String field, Object approved, Object offered) {}
}
