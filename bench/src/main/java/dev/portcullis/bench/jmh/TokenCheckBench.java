package dev.portcullis.bench.jmh;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.portcullis.core.Credentials;
import dev.portcullis.core.Delegation;
import dev.portcullis.core.state.AgentInstanceRecord;
import dev.portcullis.core.state.AgentInstanceRepository;
import dev.portcullis.core.state.AgentRecord;
import dev.portcullis.core.state.AgentRepository;
import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.RevocationRepository;
import dev.portcullis.identity.AgentTokenIssuer;
import dev.portcullis.identity.CallerVerifier;
import dev.portcullis.identity.DelegationRules;
import dev.portcullis.identity.DelegationSettings;
import dev.portcullis.identity.IdentityContext;
import dev.portcullis.identity.IdentitySettings;
import dev.portcullis.identity.RevocationList;
import dev.portcullis.identity.SigningKeys;
import dev.portcullis.identity.TokenRequest;
import dev.portcullis.identity.TokenService;
import dev.portcullis.identity.UserIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU cost of authenticating one MCP call, per call:
 *
 * <ul>
 *   <li>{@code delegationTokenWithProof} — a delegation token (chain of one) and its DPoP proof:
 *       token signature, claims, revocation lookups, proof key, proof signature, claims, replay
 *       cache insert, agent and instance lookups;</li>
 *   <li>{@code instanceTokenWithProof} — the same for an instance token;</li>
 *   <li>{@code es256SignatureAlone} — one ES256 verification with the JDK, the floor: a call with
 *       a proof needs two.</li>
 * </ul>
 *
 * <p>Every call needs a proof never seen before, or the replay cache refuses it. Proofs are
 * therefore made in advance ({@value #PROOFS} per state, all at one instant, for a clock that
 * stands still) and used in turn; when they run out, the verifier is replaced by a fresh one with
 * an empty replay cache and the proofs are used again. The replacement costs about one call per
 * {@value #PROOFS} and is included. The store is in memory, so store latency is not measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenCheckBench {
  static final int PROOFS = 20_000;
  static final String BANK = "https://gw.example.com/mcp/bank";
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  /** One gateway's identity parts, an enrolled instance, a delegation to it, and proofs for a token. */
  @State(Scope.Thread)
  public abstract static class Calls {
    final InstantSource clock = InstantSource.fixed(NOW);
    final IdentitySettings settings = new IdentitySettings("https://gw.example.com", "https://gw.example.com",
        "portcullis.example", Duration.ofMinutes(15));
    final DelegationSettings delegation = new DelegationSettings(Duration.ofMinutes(10), Duration.ofMinutes(5), 4,
        Duration.ofSeconds(60), Duration.ofSeconds(5), PROOFS + 1_000, false);
    final SigningKeys keys = SigningKeys.generate();
    final MapAgents agents = new MapAgents();
    final MapInstances instances = new MapInstances();
    final RevocationList revocations = new RevocationList(new NoRevocations());
    ECKey instanceKey;
    String instanceToken;
    String delegationToken;
    String[] proofs;
    CallerVerifier verifier;
    int next;

    /** The token each call presents. */
    abstract String token();

    @Setup
    public void setUp() throws Exception {
      agents.put(new AgentRecord("invoice-bot", "alice@example.com", "reconciles invoices", AgentRecord.Status.ACTIVE,
          Map.of("team", "finance"), NOW, null));
      instanceKey = new ECKeyGenerator(Curve.P_256).generate();
      IdentityContext context = context();
      DelegationRules anyone = new DelegationRules() {
        @Override public boolean mayActFor(UserIdentity user, String agentId) { return true; }
        @Override public boolean mayDelegate(List<Delegation.Actor> chain, String child) { return false; }
      };
      var service = new TokenService(context, token -> new UserIdentity("https://idp.example.com", "alice",
          List.of("portcullis"), NOW.plus(Duration.ofHours(1)), null, null, Map.of()), anyone, BANK::equals);
      String credential = new AgentTokenIssuer(settings, keys, clock)
          .issue(agents.get("invoice-bot").orElseThrow(), Duration.ofMinutes(15)).token();
      String tokenUrl = "https://gw.example.com/oauth/token";
      instanceToken = service.exchange(new TokenRequest(form("grant_type", TokenService.TOKEN_EXCHANGE,
          "subject_token", credential, "subject_token_type", TokenService.ACCESS_TOKEN_TYPE, "instance", "i1"),
          proof(tokenUrl, null, "enrol"), "POST", tokenUrl)).accessToken();
      delegationToken = service.exchange(new TokenRequest(form("grant_type", TokenService.TOKEN_EXCHANGE,
          "subject_token", "user-token", "subject_token_type", TokenService.ACCESS_TOKEN_TYPE,
          "actor_token", instanceToken, "actor_token_type", TokenService.ACCESS_TOKEN_TYPE, "resource", BANK,
          "authorization_details", "[{\"type\":\"portcullis_task\",\"task\":\"inv-4711\",\"tools\":[\"bank.*\"]}]"),
          proof(tokenUrl, null, "delegate"), "POST", tokenUrl)).accessToken();
      proofs = new String[PROOFS];
      for (int i = 0; i < PROOFS; i++) proofs[i] = proof(BANK, token(), "p" + i);
      verifier = new CallerVerifier(context());
    }

    /** The next unused proof; a fresh verifier (empty replay cache) when all were used. */
    String nextProof() {
      if (next == PROOFS) {
        next = 0;
        verifier = new CallerVerifier(context());
      }
      return proofs[next++];
    }

    private IdentityContext context() {
      return new IdentityContext(settings, delegation, keys, agents, instances, revocations, clock);
    }

    private String proof(String url, String accessToken, String jti) throws Exception {
      var header = new LinkedHashMap<String, Object>();
      header.put("typ", "dpop+jwt");
      header.put("alg", "ES256");
      header.put("jwk", instanceKey.toPublicJWK().toJSONObject());
      var claims = new LinkedHashMap<String, Object>();
      claims.put("jti", jti);
      claims.put("htm", "POST");
      claims.put("htu", url);
      claims.put("iat", NOW.getEpochSecond());
      if (accessToken != null) claims.put("ath", sha256(accessToken));
      String input = encode(header) + "." + encode(claims);
      return input + "." + new ECDSASigner(instanceKey).sign(new JWSHeader(JWSAlgorithm.ES256),
          input.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** Calls with a delegation token. */
  public static class DelegationCalls extends Calls {
    @Override String token() { return delegationToken; }
  }

  /** Calls with an instance token. */
  public static class InstanceCalls extends Calls {
    @Override String token() { return instanceToken; }
  }

  /** One token's signing input, signature and key. */
  @State(Scope.Thread)
  public static class SignedInput {
    byte[] input;
    byte[] signature;
    java.security.interfaces.ECPublicKey publicKey;

    @Setup
    public void setUp() throws Exception {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate();
      input = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9".getBytes(StandardCharsets.US_ASCII);
      signature = new ECDSASigner(key).sign(new JWSHeader(JWSAlgorithm.ES256), input).decode();
      publicKey = key.toECPublicKey();
    }
  }

  /** Verifies a delegation token and its proof, as the MCP endpoint does for every call. */
  @Benchmark
  public Object delegationTokenWithProof(DelegationCalls calls) {
    String token = calls.delegationToken;
    return calls.verifier.verify(new Credentials(token, calls.nextProof(), "POST", BANK), BANK);
  }

  /** Verifies an instance token and its proof. */
  @Benchmark
  public Object instanceTokenWithProof(InstanceCalls calls) {
    String token = calls.instanceToken;
    return calls.verifier.verify(new Credentials(token, calls.nextProof(), "POST", BANK), BANK);
  }

  /** One ES256 signature verification, the unit both checks above pay twice. */
  @Benchmark
  public boolean es256SignatureAlone(SignedInput signed) throws Exception {
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(signed.publicKey);
    verifier.update(signed.input);
    return verifier.verify(signed.signature);
  }

  private static Map<String, List<String>> form(String... pairs) {
    var form = new LinkedHashMap<String, List<String>>();
    for (int i = 0; i < pairs.length; i += 2) form.put(pairs[i], List.of(pairs[i + 1]));
    return form;
  }

  private static String encode(Map<String, Object> json) {
    return Base64URL.encode(JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static String sha256(String token) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /** Agents in a map. */
  static final class MapAgents implements AgentRepository {
    private final Map<String, AgentRecord> agents = new ConcurrentHashMap<>();
    @Override public void put(AgentRecord agent) { agents.put(agent.id(), agent); }
    @Override public Optional<AgentRecord> get(String id) { return Optional.ofNullable(agents.get(id)); }
    @Override public List<AgentRecord> list() { return List.copyOf(agents.values()); }
    @Override public void touch(String id, Instant at) {}
  }

  /** Instances in a map. */
  static final class MapInstances implements AgentInstanceRepository {
    private final Map<String, AgentInstanceRecord> instances = new ConcurrentHashMap<>();
    @Override public void put(AgentInstanceRecord i) { instances.put(i.agentId() + "/" + i.id(), i); }
    @Override public Optional<AgentInstanceRecord> get(String agentId, String id) {
      return Optional.ofNullable(instances.get(agentId + "/" + id));
    }
    @Override public List<AgentInstanceRecord> list(String agentId) {
      return instances.values().stream().filter(i -> i.agentId().equals(agentId)).toList();
    }
    @Override public List<AgentInstanceRecord> list() { return List.copyOf(instances.values()); }
    @Override public void touch(String agentId, String id, Instant at) {}
  }

  /** No revocations. */
  static final class NoRevocations implements RevocationRepository {
    @Override public void add(RevocationRecord revocation) {}
    @Override public List<RevocationRecord> list() { return List.of(); }
  }
}
