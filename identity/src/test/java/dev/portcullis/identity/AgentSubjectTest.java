package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Workload identities of agents and instances, {@link AgentSubject}. */
class AgentSubjectTest {
  private final AgentSubject subjects = new AgentSubject("portcullis.example");

  @Test
  void instance_roundTrips() {
    String subject = subjects.of("invoice-bot", "i-1.A_b");
    assertThat(subject).isEqualTo("spiffe://portcullis.example/agent/invoice-bot/i/i-1.A_b");
    assertThat(subjects.instance(subject)).contains(new AgentSubject.InstanceName("invoice-bot", "i-1.A_b"));
  }

  @Test
  void instance_isNotAnAgentSubject_andViceVersa() {
    assertThat(subjects.agentId(subjects.of("invoice-bot", "i1"))).isEmpty();
    assertThat(subjects.instance(subjects.of("invoice-bot"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "spiffe://portcullis.example/agent/invoice-bot/i/",
      "spiffe://portcullis.example/agent/invoice-bot/i/..",
      "spiffe://portcullis.example/agent/invoice-bot/i/a/b",
      "spiffe://portcullis.example/agent/invoice-bot/x/i1",
      "spiffe://portcullis.example/agent/Invoice/i/i1",
      "spiffe://other.example/agent/invoice-bot/i/i1",
      "spiffe://portcullis.example/agent//i/i1"})
  void instance_malformedSubject_isNone(String subject) {
    assertThat(subjects.instance(subject)).isEmpty();
  }

  @Test
  void of_badInstanceId_isRefused() {
    assertThatThrownBy(() -> subjects.of("invoice-bot", ".")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> subjects.of("invoice-bot", "a/b")).isInstanceOf(IllegalArgumentException.class);
  }
}
