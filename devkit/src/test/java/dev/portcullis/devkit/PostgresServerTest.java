package dev.portcullis.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

  @Test
  void sharedServer_acceptsTheSuperuserOverTcp() throws SQLException {
    PostgresServer server = PostgresServer.shared();
    try (var c = server.connectAsSuperuser("postgres"); var rs = c.createStatement().executeQuery("SHOW server_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("18.");
    }
    assertThat(PostgresServer.shared()).isSameAs(server);
  }

  @Test
  void wrongPassword_isRefused() {
    PostgresServer server = PostgresServer.shared();
    assertThatThrownBy(() -> server.connect("postgres", server.superuser(), "not-the-password"))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
  }

  @Test
  void createDatabase_givesAUsableDatabase() throws SQLException {
    PostgresServer server = PostgresServer.shared();
    String url = server.createDatabase("devkit_created");
    assertThat(url).endsWith("/devkit_created");
    try (var c = server.connectAsSuperuser("devkit_created"); var rs = c.createStatement().executeQuery("SELECT current_database()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("devkit_created");
    }
  }

  @Test
  void createDatabase_refusesNamesThatNeedQuoting() {
    assertThatThrownBy(() -> PostgresServer.shared().createDatabase("x\"; DROP"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void binaries_areChosenByArchitecture() throws IOException {
    assertThat(PostgresBinaries.resourceFor("Linux", "amd64")).isEqualTo("postgres-linux-x86_64.txz");
    assertThat(PostgresBinaries.resourceFor("Linux", "aarch64")).isEqualTo("postgres-linux-arm_64.txz");
    assertThatThrownBy(() -> PostgresBinaries.resourceFor("Linux", "riscv64")).hasMessageContaining("riscv64");
    assertThatThrownBy(() -> PostgresBinaries.resourceFor("Mac OS X", "aarch64")).hasMessageContaining("Mac OS X");
  }
}
