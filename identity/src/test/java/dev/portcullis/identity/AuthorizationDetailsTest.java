package dev.portcullis.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict reading and narrowing of {@link AuthorizationDetails} and {@link TaskGrant}. */
class AuthorizationDetailsTest {
  private static String entry(String members) {
    return "[{\"type\":\"portcullis_task\",\"task\":\"t-1\"," + members + "}]";
  }

  @Test
  void parse_fullEntry_keepsEveryMember() {
    var details = AuthorizationDetails.parse(entry("\"description\":\"pay rent\",\"tools\":[\"bank.pay\"],"
        + "\"locations\":[\"https://gw.example.com/mcp/bank\"],\"max_calls\":3"));
    assertThat(details.task()).isEqualTo("t-1");
    assertThat(details.toJson()).containsExactly(Map.of("type", "portcullis_task", "task", "t-1",
        "description", "pay rent", "tools", List.of("bank.pay"), "locations", List.of("https://gw.example.com/mcp/bank"),
        "max_calls", 3));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"tools\":[\"bank.pay\"],\"extra\":1 | member 'extra' is not allowed",
      "\"tools\":[] | tools must be an array of 1 to 32 strings",
      "\"tools\":\"bank.pay\" | tools must be an array",
      "\"tools\":[\"bank pay\"] | tools holds a value that is not a valid tool name or glob",
      "\"tools\":[\"ba*nk\"] | not a valid tool name or glob",
      "\"tools\":[\"\"] | not a valid tool name or glob",
      "\"tools\":[\"a\",\"a\"] | tools holds 'a' twice",
      "\"tools\":[\"a\"],\"max_calls\":0 | max_calls must be a whole number between 1 and 1000000",
      "\"tools\":[\"a\"],\"max_calls\":2.5 | max_calls must be a whole number",
      "\"tools\":[\"a\"],\"max_calls\":\"3\" | max_calls must be a whole number",
      "\"tools\":[\"a\"],\"locations\":[\"ftp://x\"] | locations holds a value that is not a valid absolute http(s) URL",
      "\"tools\":[\"a\"],\"locations\":[] | locations must be an array of 1 to 8 strings",
      "\"tools\":[\"a\"],\"description\":7 | description must be text",
  })
  void parse_badEntry_isRefusedSayingWhy(String members, String reason) {
    assertThatThrownBy(() -> AuthorizationDetails.parse(entry(members)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason.trim());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{}", "[]", "[1]", "[{\"type\":\"payment\"}]", "not json", "[{\"a\":1,\"a\":2}]",
      "[[[[{}]]]]"})
  void parse_badDocument_isRefused(String json) {
    assertThatThrownBy(() -> AuthorizationDetails.parse(json)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_tooLong_isRefused() {
    String json = entry("\"description\":\"" + "d".repeat(4_100) + "\",\"tools\":[\"a\"]");
    assertThatThrownBy(() -> AuthorizationDetails.parse(json)).hasMessageContaining("exceeds 4096 characters");
  }

  @Test
  void parse_controlCharacterInDescription_isRefused() {
    assertThatThrownBy(() -> AuthorizationDetails.parse(entry("\"description\":\"a\\u0000b\",\"tools\":[\"a\"]")))
        .hasMessageContaining("description must be text");
  }

  @Test
  void parse_entriesForDifferentTasks_areRefused() {
    assertThatThrownBy(() -> AuthorizationDetails.parse("[{\"type\":\"portcullis_task\",\"task\":\"a\",\"tools\":[\"x\"]},"
        + "{\"type\":\"portcullis_task\",\"task\":\"b\",\"tools\":[\"x\"]}]"))
        .hasMessageContaining("all entries must name the same task");
  }

  @Test
  void parse_tooManyEntries_isRefused() {
    String one = "{\"type\":\"portcullis_task\",\"task\":\"a\",\"tools\":[\"x\"]}";
    String nine = "[" + String.join(",", java.util.Collections.nCopies(9, one)) + "]";
    assertThatThrownBy(() -> AuthorizationDetails.parse(nine)).hasMessageContaining("1 to 8 entries");
  }

  @ParameterizedTest
  @CsvSource({
      "bank.*, bank.pay, true", "bank.*, bank.*, true", "bank.*, bank.pa*, true", "bank.*, ban*, false",
      "bank.*, *, false", "*, anything, true", "*, bank.*, true", "bank.pay, bank.pay, true",
      "bank.pay, bank.pay*, false", "bank.pay, bank.payx, false", "bank.pay*, bank.pay, true"})
  void covers_globsOnlyNarrow(String granted, String requested, boolean covered) {
    assertThat(TaskGrant.covers(granted, requested)).isEqualTo(covered);
  }

  @Test
  void within_omittedLimits_inheritTheParents() {
    var parent = AuthorizationDetails.parse(entry("\"tools\":[\"bank.*\"],\"locations\":[\"https://a.example\"],"
        + "\"max_calls\":9"));
    var child = AuthorizationDetails.parse(entry("\"tools\":[\"bank.read\"]")).within(parent);
    assertThat(child.grants().getFirst().locations()).containsExactly("https://a.example");
    assertThat(child.grants().getFirst().maxCalls()).isEqualTo(9);
  }

  @Test
  void within_locationsWhenParentHasNone_areRefused() {
    var parent = AuthorizationDetails.parse(entry("\"tools\":[\"bank.*\"]"));
    var child = AuthorizationDetails.parse(entry("\"tools\":[\"bank.read\"],\"locations\":[\"https://a.example\"]"));
    assertThatThrownBy(() -> child.within(parent)).hasMessageContaining("is not among the parent's locations");
  }

  @Test
  void within_anyParentEntryMayCoverAChildEntry() {
    var parent = AuthorizationDetails.parse("[{\"type\":\"portcullis_task\",\"task\":\"t-1\",\"tools\":[\"bank.*\"],"
        + "\"max_calls\":1},{\"type\":\"portcullis_task\",\"task\":\"t-1\",\"tools\":[\"mail.*\"],\"max_calls\":50}]");
    var child = AuthorizationDetails.parse(entry("\"tools\":[\"mail.send\"],\"max_calls\":40")).within(parent);
    assertThat(child.grants().getFirst().maxCalls()).isEqualTo(40);
  }

  @Test
  void within_parentWithoutCallLimit_allowsAnyChildLimit() {
    var parent = AuthorizationDetails.parse(entry("\"tools\":[\"bank.*\"]"));
    var child = AuthorizationDetails.parse(entry("\"tools\":[\"bank.read\"],\"max_calls\":7")).within(parent);
    assertThat(child.grants().getFirst().maxCalls()).isEqualTo(7);
  }

  @Test
  void within_childKeepsTheParentsDescription_evenWhenItLeavesItOut() {
    var parent = AuthorizationDetails.parse(entry("\"description\":\"pay the March rent\",\"tools\":[\"bank.*\"]"));
    var child = AuthorizationDetails.parse(entry("\"tools\":[\"bank.read\"]")).within(parent);
    assertThat(child.grants().getFirst().description()).isEqualTo("pay the March rent");
  }

  @Test
  void within_childRewordingTheDescription_isRefused() {
    var parent = AuthorizationDetails.parse(entry("\"description\":\"pay the March rent\",\"tools\":[\"bank.*\"]"));
    var child = AuthorizationDetails.parse(entry("\"description\":\"pay IBAN DE89 3704 0044 0532 0130 00\","
        + "\"tools\":[\"bank.read\"]"));
    assertThatThrownBy(() -> child.within(parent)).hasMessageContaining("cannot change");
  }
}
