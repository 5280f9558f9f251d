package dev.portcullis.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTextTest {

  @Test
  void namedParameters_becomePlaceholdersInOrder() {
    SqlText t = SqlText.parse("SELECT * FROM t WHERE a = :a AND b > :b OR a = :a");
    assertThat(t.jdbcSql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b > ? OR a = ?");
    assertThat(t.parameters()).containsExactly("a", "b", "a");
    assertThat(t.statements()).isEqualTo(1);
  }

  @Test
  void castsLiteralsCommentsAndDollarQuotes_holdNoParameters() {
    SqlText t = SqlText.parse("SELECT ':x', \":y\", $$ :z; $$, $tag$ ; :w $tag$, E'\\' :v', x::int -- :c ;\n"
        + "/* :d ; /* nested ; */ */ FROM t WHERE id = :id;");
    assertThat(t.parameters()).containsExactly("id");
    assertThat(t.statements()).isEqualTo(1);
    assertThat(t.jdbcSql()).contains("x::int").endsWith("id = ?;");
  }

  @Test
  void semicolonsOutsideLiterals_countStatements() {
    assertThat(SqlText.parse("SELECT 1; DELETE FROM t").statements()).isEqualTo(2);
    assertThat(SqlText.parse("SELECT 1;;  ").statements()).isEqualTo(1);
    assertThat(SqlText.parse("SELECT 'a'';' ; COMMIT").statements()).isEqualTo(2);
    assertThat(SqlText.parse("SELECT 'a\\'; DELETE FROM t; --'").statements()).as("standard strings have no backslash escapes")
        .isEqualTo(2);
  }

  @Test
  void questionMarks_areNoticed() {
    assertThat(SqlText.parse("SELECT doc ? 'k' FROM t").questionMarks()).isTrue();
    assertThat(SqlText.parse("SELECT '?' FROM t").questionMarks()).isFalse();
  }

  @Test
  void unclosedLiteralsAndComments_areRefused() {
    for (String sql : List.of("SELECT 'x", "SELECT \"x", "SELECT /* x", "SELECT $$ x", "SELECT E'\\'")) {
      assertThatThrownBy(() -> SqlText.parse(sql)).as(sql).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
