package dev.portcullis.identity;

import dev.portcullis.core.Credentials;
import dev.portcullis.core.Principal;
import dev.portcullis.core.state.AgentRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A gateway's identity parts wired to in-memory stores, with the steps of the protocol as one-line
 * helpers: issue an agent credential, enrol an instance, delegate, narrow, call.
 *
 * <p>Agents: {@code invoice-bot} (may act for any user, may delegate to {@code ocr-bot}),
 * {@code ocr-bot} (may delegate to {@code mail-bot}), {@code mail-bot}, {@code audit-bot} and
 * {@code payroll-bot} (listed nowhere). Resources: the bank, payroll and mail MCP endpoints.
 */
final class IdentityFixture {
  static final String BANK = "https://gw.example.com/mcp/bank";
  static final String PAYROLL = "https://gw.example.com/mcp/payroll";
  static final String MAIL = "https://gw.example.com/mcp/mail";
  static final String ALICE = "alice-token";
  static final String ALICE_KEY = FakeUsers.ISSUER + "#alice";
  static final String DETAILS = "[{\"type\":\"portcullis_task\",\"task\":\"inv-4711\","
      + "\"description\":\"reconcile invoice 4711\",\"tools\":[\"bank.*\",\"mail.send\"],"
      + "\"locations\":[\"" + MAIL + "\"],\"max_calls\":20}]";

  final TestClock clock = new TestClock();
  final TokenForge forge = new TokenForge();
  final InMemoryAgents agents = new InMemoryAgents();
  final InMemoryInstances instances = new InMemoryInstances();
  final InMemoryRevocations revocationStore = new InMemoryRevocations();
  final RevocationList revocations = new RevocationList(revocationStore);
  final FakeUsers users = new FakeUsers().add(ALICE, "alice", TestClock.START.plus(Duration.ofHours(1)), null);
  final Map<String, Set<String>> usersByAgent = new LinkedHashMap<>(Map.of(
      "invoice-bot", Set.of(ConfiguredDelegationRules.ANY_USER),
      "audit-bot", Set.of(FakeUsers.ISSUER + "#bob")));
  final Map<String, Set<String>> childrenByAgent = new LinkedHashMap<>(Map.of(
      "invoice-bot", Set.of("ocr-bot", "audit-bot"), "ocr-bot", Set.of("mail-bot", "invoice-bot"),
      "mail-bot", Set.of("audit-bot")));
  final IdentityContext context;
  final CallerVerifier callers;
  final TokenService tokens;
  private final AgentTokenIssuer credentials;

  IdentityFixture() {
    this(DelegationSettings.defaults());
  }

  IdentityFixture(DelegationSettings delegation) {
    for (String id : List.of("invoice-bot", "ocr-bot", "mail-bot", "audit-bot", "payroll-bot")) {
      agents.put(InMemoryAgents.agent(id, AgentRecord.Status.ACTIVE));
    }
    context = new IdentityContext(TokenForge.SETTINGS, delegation, forge.keys, agents, instances, revocations, clock);
    callers = new CallerVerifier(context);
    tokens = new TokenService(context, users, new ConfiguredDelegationRules(usersByAgent, childrenByAgent),
        Set.of(BANK, PAYROLL, MAIL)::contains);
    credentials = new AgentTokenIssuer(TokenForge.SETTINGS, forge.keys, clock);
  }

  /** An agent credential (unbound {@code at+jwt}) for a registered agent, valid 15 minutes. */
  String credential(String agent) {
    return credentials.issue(agents.get(agent).orElseThrow(), Duration.ofMinutes(15)).token();
  }

  /** Enrols an instance of {@code agent} with {@code key} and returns its instance token. */
  String enrol(String agent, String instance, ProofForge key) {
    return tokens.exchange(enrolRequest(credential(agent), instance, key.tokenRequest())).accessToken();
  }

  /** The request enrolling an instance. */
  static TokenRequest enrolRequest(String credential, String instance, String proof) {
    var form = form("grant_type", TokenService.TOKEN_EXCHANGE, "subject_token", credential,
        "subject_token_type", TokenService.ACCESS_TOKEN_TYPE);
    if (instance != null) form.put("instance", List.of(instance));
    return new TokenRequest(form, proof, "POST", ProofForge.TOKEN_URL);
  }

  /** Alice delegates the default task to the instance holding {@code instanceToken} and {@code key}, for the bank. */
  String delegate(String instanceToken, ProofForge key) {
    return tokens.exchange(delegateRequest(ALICE, instanceToken, key.tokenRequest(), BANK, DETAILS)).accessToken();
  }

  /** The request for a user's delegation. */
  static TokenRequest delegateRequest(String userToken, String instanceToken, String proof, String resource,
                                      String details) {
    var form = form("grant_type", TokenService.TOKEN_EXCHANGE, "subject_token", userToken,
        "subject_token_type", TokenService.ACCESS_TOKEN_TYPE, "actor_token", instanceToken,
        "actor_token_type", TokenService.ACCESS_TOKEN_TYPE);
    if (resource != null) form.put("resource", List.of(resource));
    if (details != null) form.put("authorization_details", List.of(details));
    return new TokenRequest(form, proof, "POST", ProofForge.TOKEN_URL);
  }

  /** The request narrowing {@code parent} for the sub-agent instance holding {@code childToken} and {@code childKey}. */
  static TokenRequest narrowRequest(String parent, String childToken, ProofForge childKey, String resource,
                                    String details, String... more) {
    var form = form("grant_type", TokenService.TOKEN_EXCHANGE, "subject_token", parent,
        "subject_token_type", TokenService.ACCESS_TOKEN_TYPE, "actor_token", childToken,
        "actor_token_type", TokenService.ACCESS_TOKEN_TYPE);
    if (resource != null) form.put("audience", List.of(resource));
    if (details != null) form.put("authorization_details", List.of(details));
    for (int i = 0; i < more.length; i += 2) form.put(more[i], List.of(more[i + 1]));
    return new TokenRequest(form, childKey.tokenRequest(), "POST", ProofForge.TOKEN_URL);
  }

  /** Narrows {@code parent} for the sub-agent and returns the new delegation token. */
  String narrow(String parent, String childToken, ProofForge childKey, String resource, String details) {
    return tokens.exchange(narrowRequest(parent, childToken, childKey, resource, details)).accessToken();
  }

  /** Calls the bank endpoint with {@code token} and a fresh proof by {@code key}. */
  Principal call(String token, ProofForge key) {
    return call(token, key, BANK);
  }

  /** Calls an endpoint with {@code token} and a fresh proof by {@code key}. */
  Principal call(String token, ProofForge key, String resource) {
    String proof = key == null ? null : key.proof("POST", resource, token);
    return callers.verify(new Credentials(token, proof, "POST", resource), resource);
  }

  /** Form parameters from name/value pairs. */
  static Map<String, List<String>> form(String... pairs) {
    var form = new LinkedHashMap<String, List<String>>();
    for (int i = 0; i < pairs.length; i += 2) {
      form.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
    }
    return form;
  }
}
