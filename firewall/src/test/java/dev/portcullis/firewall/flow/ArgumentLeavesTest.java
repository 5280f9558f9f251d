package dev.portcullis.firewall.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentLeavesTest {

  private record Seen(List<String> leaves, List<String> unchecked) {}

  private static Seen walk(Map<String, ?> arguments) {
    var seen = new Seen(new ArrayList<>(), new ArrayList<>());
    ArgumentLeaves.walk(arguments, new ArgumentLeaves.Visitor() {
      @Override
      public boolean leaf(String path, Object value) {
        seen.leaves().add(path + "=" + value);
        return true;
      }

      @Override
      public void unchecked(String path) { seen.unchecked().add(path); }
    });
    return seen;
  }

  @Test
  void walk_nestedArguments_namesEachLeafByItsPath() {
    var items = List.of(Map.of("iban", "A"), Map.of("iban", "B"), Map.of("iban", "C", "amount", 5));
    var args = new LinkedHashMap<String, Object>();
    args.put("recipient", "X");
    args.put("items", items);
    args.put("urgent", true);
    args.put("memo", null);

    assertThat(walk(args).leaves()).contains("recipient=X", "items[0].iban=A", "items[2].iban=C", "items[2].amount=5")
        .hasSize(5);
  }

  @Test
  void walk_keysThatAreNotPlainNames_areQuoted() {
    var seen = walk(Map.of("headers", Map.of("x.to", "a", "say \"hi\"", "b")));

    assertThat(seen.leaves()).containsExactlyInAnyOrder("headers[\"x.to\"]=a", "headers[\"say \\\"hi\\\"\"]=b");
  }

  @Test
  void walk_tooDeep_reportsWhereItStopped() {
    Object deep = "hidden";
    for (int i = 0; i < ArgumentLeaves.MAX_DEPTH + 3; i++) deep = Map.of("a", deep);

    var seen = walk(Map.of("x", deep));
    assertThat(seen.leaves()).isEmpty();
    assertThat(seen.unchecked()).singleElement().satisfies(p -> assertThat(p).startsWith("x.a.a"));
  }

  @Test
  void walk_tooManyLeaves_stopsAndReportsTheFirstUnchecked() {
    var many = new ArrayList<String>();
    for (int i = 0; i < ArgumentLeaves.MAX_LEAVES + 10; i++) many.add("v" + i);

    var seen = walk(Map.of("list", many));
    assertThat(seen.leaves()).hasSize(ArgumentLeaves.MAX_LEAVES);
    assertThat(seen.unchecked()).containsExactly("list[" + ArgumentLeaves.MAX_LEAVES + "]");
  }
}
