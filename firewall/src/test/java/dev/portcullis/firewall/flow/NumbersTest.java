package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumbersTest {
  private static List<String> inText(String text) {
    var found = new ArrayList<String>();
    Numbers.inText(text, found::add);
    return found;
  }

  @Test
  void digitsInText_areFoundHoweverShort_withDecimalsAndGroupedThousands() {
    assertThat(inText("Send 50 EUR, then 1,250.00 EUR and 11.99.")).containsExactly("50", "1250", "11.99");
  }

  @Test
  void datesTimesRangesAndPhoneNumbers_stateNoAmount() {
    assertThat(inText("On 2026-03-24 at 19:30, rooms 10/12, call 030-1234-567, or 5kg")).isEmpty();
  }

  @Test
  void digitsInsideAWord_areNotANumber() {
    assertThat(inText("Room A7 and flight LH454")).isEmpty();
  }

  @Test
  void englishNumberWords_areNumbers() {
    assertThat(inText("A table for two, twenty-five guests, three hundred chairs, a hundred cups, ninety"))
        .containsExactlyInAnyOrder("2", "25", "300", "100", "90");
  }

  @Test
  void articlesAlone_areNotNumbers() {
    assertThat(inText("Book a table at an inn")).isEmpty();
  }

  @Test
  void numbersInJson_atAnyDepth_andStringsThatAreNumbers() {
    var found = new ArrayList<String>();
    Numbers.inJson(Map.of("items", List.of(Map.of("id", 102, "amount", 9.90, "ref", "3", "name", "Melodia 3"))), found::add);

    assertThat(found).containsExactlyInAnyOrder("102", "9.9", "3");
  }
}
