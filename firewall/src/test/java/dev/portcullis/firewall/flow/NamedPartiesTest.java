package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.core.ToolLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamedPartiesTest {
  private static final String WORDS = NamedParties.words(
      "Anna Weber sent me money by mistake. Melodia raised its price; ask the Stadtwerke.");

  @Test
  void aWholeNameInTheUsersWords_namesTheParty() {
    assertThat(NamedParties.named("Anna Weber", WORDS)).isTrue();
    assertThat(NamedParties.named("ANNA  weber", WORDS)).isTrue();
  }

  @Test
  void aLongFirstWord_namesACompanyWithoutItsLegalForm() {
    assertThat(NamedParties.named("Melodia Music SAS", WORDS)).isTrue();
    assertThat(NamedParties.named("Stadtwerke Mitte", WORDS)).isTrue();
  }

  @Test
  void aShortFirstWordOrAPartOfAWord_namesNobody() {
    assertThat(NamedParties.named("Anna Schmidt", WORDS)).isFalse();
    assertThat(NamedParties.named("Melo Records", WORDS)).isFalse();
    assertThat(NamedParties.named("Weber", NamedParties.words("the webers sent it"))).isFalse();
    assertThat(NamedParties.named("Parkline Services", WORDS)).isFalse();
    assertThat(NamedParties.named("  ", WORDS)).isFalse();
  }

  @Test
  void aFirstWordWithDigits_doesNotNameThePartyOnItsOwn() {
    assertThat(NamedParties.named("Route66 Diner", NamedParties.words("pay route66 back"))).isFalse();
    assertThat(NamedParties.named("Route66 Diner", NamedParties.words("pay Route66 Diner back"))).isTrue();
  }

  @Test
  void collect_passesOnlyTheDeclaredValuesOfNamedParties() {
    var parties = List.of(new ToolLabels.Party("sender_name", Set.of("sender", "amount")));
    Map<String, Object> result = Map.of("structuredContent", Map.of("items", List.of(
        Map.of("sender", "NL20INGB0001234567", "sender_name", "Anna Weber", "amount", 45.75, "subject", "sorry, meant for Jonas"),
        Map.of("sender", "GB15MIDL40051512345678", "sender_name", "Parkline Services", "amount", 1234.56))));
    var values = new ArrayList<String>();

    boolean complete = NamedParties.collect(result, parties, WORDS, v -> values.add(v));

    assertThat(complete).isTrue();
    assertThat(values).contains("nl20ingb0001234567", "45.75").doesNotContain("gb15midl40051512345678", "1234.56")
        .noneMatch(v -> v.contains("jonas"));
  }
}
