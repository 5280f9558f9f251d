package dev.portcullis.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One agent call on its way through the stage chain. Stages share nothing but this object.
 *
 * <p>What the agent sent ({@link #request()}, {@link #credentials()}) is fixed at creation. What
 * stages learn is added as they run: the principal (once, by the authenticate stage), the resolved
 * tool, the policy decision, credentials to inject upstream. An exchange is confined to the one
 * thread that runs its chain, so it is not synchronized.
 */
public final class Exchange {
  private final String id;
  private final Instant startedAt;
  private final McpRequest request;
  private final Credentials credentials;
  private final Map<String, Object> session = new LinkedHashMap<>();
  private final Map<Key<?>, Object> attributes = new LinkedHashMap<>();
  private final Map<String, String> upstreamHeaders = new LinkedHashMap<>();
  private final Map<String, Object> notes = new LinkedHashMap<>();
  private Principal principal;
  private ToolDefinition tool;
  private List<ToolDefinition> visibleTools = List.of();
  private Decision decision;
  private String stage = "ingress";
  private String argumentsDigest;

  /** A new exchange for a request just received. */
  public Exchange(String id, Instant startedAt, McpRequest request, Credentials credentials) {
    this.id = Objects.requireNonNull(id, "id");
    this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    this.request = Objects.requireNonNull(request, "request");
    this.credentials = credentials == null ? new Credentials(null, null, null, null) : credentials;
  }

  /** The exchange id, unique per call; it names the call in audit records and logs. */
  public String id() { return id; }

  /** When the gateway received the call. */
  public Instant startedAt() { return startedAt; }

  /** What the agent sent. */
  public McpRequest request() { return request; }

  /** What the agent presented to authenticate. */
  public Credentials credentials() { return credentials; }

  /** The name of the stage currently running, for error messages. */
  public String stage() { return stage; }

  void enterStage(String name) { this.stage = name; }

  /** The authenticated caller, or {@code null} before the authenticate stage ran. */
  public Principal principal() { return principal; }

  /**
   * Sets the authenticated caller. Allowed once: a second call, from any stage, is a chain rule
   * violation and fails the exchange.
   */
  public void authenticate(Principal principal) {
    Objects.requireNonNull(principal, "principal");
    if (this.principal != null) {
      throw new ChainRuleViolation("stage '" + stage + "' tried to replace the authenticated principal '"
          + this.principal.agentId() + "' with '" + principal.agentId() + "'");
    }
    this.principal = principal;
  }

  /** The tool being called (tools/call), or {@code null}. */
  public ToolDefinition tool() { return tool; }

  /** Sets the resolved tool. */
  public void resolveTool(ToolDefinition tool) { this.tool = Objects.requireNonNull(tool, "tool"); }

  /** For tools/list: the tools the agent may see so far (narrowed stage by stage). */
  public List<ToolDefinition> visibleTools() { return visibleTools; }

  /** Replaces the visible tool list; each stage may only narrow it. */
  public void showTools(List<ToolDefinition> tools) {
    if (!visibleTools.isEmpty() && !visibleTools.containsAll(tools)) {
      throw new ChainRuleViolation("stage '" + stage + "' tried to add tools to the visible list");
    }
    this.visibleTools = List.copyOf(tools);
  }

  /** The policy decision, or {@code null} before the authorize stage ran. */
  public Decision decision() { return decision; }

  /** Records the policy decision. */
  public void decide(Decision decision) { this.decision = Objects.requireNonNull(decision, "decision"); }

  /** The tools/call arguments, empty for other methods or when absent. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> arguments() {
    return request.params().get("arguments") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /**
   * {@link CanonicalJson#digest} of {@link #arguments()}, computed once: the audit record, approvals
   * and transaction tokens all name the arguments by this digest, never by value.
   */
  public String argumentsDigest() {
    if (argumentsDigest == null) argumentsDigest = CanonicalJson.digest(arguments());
    return argumentsDigest;
  }

  /** Session attributes visible to policy (labels accumulated over the agent's session). */
  public Map<String, Object> session() { return session; }

  /** Headers to add to the upstream request (credentials). Never shown to the agent or audited. */
  public Map<String, String> upstreamHeaders() { return Collections.unmodifiableMap(upstreamHeaders); }

  /** Adds a header to inject into the upstream request. */
  public void injectUpstreamHeader(String name, String value) { upstreamHeaders.put(name, value); }

  /**
   * Records a fact for the audit record of this exchange (approval id, who approved, throttle
   * state, ...). Values must be plain JSON values and never secrets.
   */
  public void note(String key, Object value) { notes.put(key, value); }

  /** The facts noted so far, in the order they were noted. */
  public Map<String, Object> notes() { return Collections.unmodifiableMap(notes); }

  /** A typed attribute set by an earlier stage, or {@code null}. */
  public <T> T get(Key<T> key) { return key.type().cast(attributes.get(key)); }

  /** Sets a typed attribute for later stages. */
  public <T> void put(Key<T> key, T value) { attributes.put(key, key.type().cast(value)); }

  /** Names of the attributes set, for diagnostics. */
  public List<String> attributeNames() {
    var names = new ArrayList<String>();
    attributes.keySet().forEach(k -> names.add(k.name()));
    return names;
  }

  @Override
  public String toString() {
    return "Exchange[" + id + " " + request.method() + " on " + request.server()
        + (principal == null ? "" : " by " + principal.agentId()) + (tool == null ? "" : " tool " + tool.name()) + "]";
  }

  /** A typed key for {@link #get}/{@link #put}. Keys compare by identity. */
  public static final class Key<T> {
    private final String name;
    private final Class<T> type;

    private Key(String name, Class<T> type) { this.name = name; this.type = type; }

    /** A new key. */
    public static <T> Key<T> of(String name, Class<T> type) { return new Key<>(name, type); }

    /** The key's name. */
    public String name() { return name; }

    Class<T> type() { return type; }

    @Override
    public String toString() { return name; }
  }
}
