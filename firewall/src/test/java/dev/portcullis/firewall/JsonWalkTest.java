package dev.portcullis.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWalkTest {
  /* Records every string with the path the walk names for it when asked. */
  private static List<String> paths(Object json) {
    var seen = new ArrayList<String>();
    new JsonWalk(new JsonWalk.Visitor() {
      @Override public String visit(JsonLocation where, String text) {
        seen.add(where.path() + "=" + text);
        return text;
      }

      @Override public void keyCollision(JsonPath path) {
        seen.add("collision " + path);
      }
    }, 16).walk(json);
    return seen;
  }

  @Test
  void pathsBuiltOnDemandNameEveryStringAfterSiblingsAndNesting() {
    var inner = new LinkedHashMap<String, Object>();
    inner.put("a", "x1");
    inner.put("b c", List.of("x2", List.of("x3")));
    var root = new LinkedHashMap<String, Object>();
    root.put("first", List.of(Map.of("k", "x4"), inner));
    root.put("second", "x5");

    assertThat(paths(root)).containsExactly(
        "$#key[0]=first",
        "$.first[0]#key[0]=k",
        "$.first[0].k=x4",
        "$.first[1]#key[0]=a",
        "$.first[1].a=x1",
        "$.first[1]#key[1]=b c",
        "$.first[1]['b c'][0]=x2",
        "$.first[1]['b c'][1][0]=x3",
        "$#key[1]=second",
        "$.second=x5");
  }

  @Test
  void memberPathUsesTheRewrittenKeyAndCollisionsNameIt() {
    var root = new LinkedHashMap<String, Object>();
    root.put("a", "1");
    root.put("b", "2");
    var seen = new ArrayList<String>();
    new JsonWalk(new JsonWalk.Visitor() {
      @Override public String visit(JsonLocation where, String text) {
        seen.add(where.path().toString());
        return text.equals("b") ? "a" : text;
      }

      @Override public void keyCollision(JsonPath path) { seen.add("collision " + path); }
    }, 16).walk(root);
    assertThat(seen).containsExactly("$#key[0]", "$.a", "$#key[1]", "$.a", "collision $.a");
  }

  @Test
  void errorsNameWhereTheyHappenedDeepInTheValue() {
    Map<String, Object> root = Map.of("list", List.of("ok", Map.of("bad", new Object())));
    assertThatThrownBy(() -> paths(root)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.list[1].bad");
  }

  @Test
  void deeperThanAllowedIsRefusedWithThePath() {
    Object deep = "x";
    for (int i = 0; i < 20; i++) deep = List.of(deep);
    Object value = deep;
    assertThatThrownBy(() -> paths(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested deeper than 16").hasMessageContaining("$[0][0]");
  }
}
