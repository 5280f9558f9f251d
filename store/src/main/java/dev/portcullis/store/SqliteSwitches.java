package dev.portcullis.store;

import dev.portcullis.core.state.KillSwitch;
import dev.portcullis.core.state.SwitchRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link SwitchRepository} on the {@code kill_switches} table. */
final class SqliteSwitches implements SwitchRepository {
  private final Database database;

  SqliteSwitches(Database database) {
    this.database = database;
  }

  @Override
  public void engage(KillSwitch killSwitch) {
    Objects.requireNonNull(killSwitch, "killSwitch");
    database.write("engage a kill switch", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "INSERT OR REPLACE INTO kill_switches (scope, target, reason, engaged_by, engaged_at) "
              + "VALUES (?, ?, ?, ?, ?)")) {
        statement.setString(1, killSwitch.scope());
        statement.setString(2, killSwitch.target());
        statement.setString(3, killSwitch.reason());
        statement.setString(4, killSwitch.by());
        statement.setString(5, Columns.instant(killSwitch.at()));
        return statement.executeUpdate();
      }
    });
  }

  @Override
  public boolean release(String scope, String target) {
    return database.write("release a kill switch", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "DELETE FROM kill_switches WHERE scope = ? AND target = ?")) {
        statement.setString(1, scope);
        statement.setString(2, target);
        return statement.executeUpdate() > 0;
      }
    });
  }

  /** All engaged switches, by scope then target. */
  @Override
  public List<KillSwitch> list() {
    return database.read("list kill switches", connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT scope, target, reason, engaged_by, engaged_at FROM kill_switches ORDER BY scope, target");
           ResultSet rows = statement.executeQuery()) {
        List<KillSwitch> switches = new ArrayList<>();
        while (rows.next()) {
          switches.add(new KillSwitch(rows.getString(1), rows.getString(2), rows.getString(3),
              rows.getString(4), Columns.instant(rows.getString(5), "engaged_at")));
        }
        return List.copyOf(switches);
      }
    });
  }
}
