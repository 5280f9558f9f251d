package dev.portcullis.identity;

import static dev.portcullis.identity.Rejections.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The signature results remembered by {@link VerifiedTokenCache}, and what is still checked on every call. */
class VerifiedTokenCacheTest {
  private final TokenForge forge = new TokenForge();
  private final TestClock clock = new TestClock();
  private final VerifiedTokenCache cache =
      new VerifiedTokenCache(new SignedTokenReader(forge.keys, "at+jwt"), 2, clock);

  @Test
  void verify_sameTokenTwice_verifiesOnce() {
    String token = forge.valid();
    var first = cache.verify(token);
    assertThat(cache.verify(token)).isSameAs(first);
    assertThat(first.claims()).containsEntry("client_id", TokenForge.AGENT);
  }

  @Test
  void verify_refusedToken_isNotRemembered() {
    String forged = TokenForge.withSignature(forge.header(), forge.claims(), new byte[64]);
    assertRefused(() -> cache.verify(forged), "signature is invalid", forged);
    assertRefused(() -> cache.verify(forged), "signature is invalid", forged);
    assertThat(cache.size()).isZero();
  }

  @Test
  void verify_full_stillVerifiesButRemembersNoMore() {
    cache.verify(token("a"));
    cache.verify(token("b"));
    String third = token("c");
    var verified = cache.verify(third);
    assertThat(verified.claims()).containsEntry("jti", "c");
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.verify(third)).isNotSameAs(verified);
  }

  @Test
  void verify_full_dropsExpiredEntries() {
    cache.verify(token("a"));
    cache.verify(token("b"));
    clock.advance(Duration.ofSeconds(300));
    cache.verify(token("c"));
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void rememberedClaims_cannotBeChangedByTheCaller() {
    var verified = cache.verify(forge.valid());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> verified.claims().put("sub", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void cachedDelegationToken_isStillRefusedOnceExpired() {
    var world = new IdentityFixture();
    var key = new ProofForge(world.clock);
    String token = world.delegate(world.enrol("invoice-bot", "i1", key), key);
    assertThat(world.call(token, key).agentId()).isEqualTo("invoice-bot");
    world.clock.advance(Duration.ofSeconds(300));
    assertRefused(() -> world.call(token, key), "token has expired", token);
  }

  private String token(String jti) {
    var claims = forge.claims();
    claims.put("jti", jti);
    return forge.sign(forge.header(), claims);
  }
}
