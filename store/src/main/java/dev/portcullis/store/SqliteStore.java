package dev.portcullis.store;

import dev.portcullis.core.state.AgentInstanceRepository;
import dev.portcullis.core.state.AgentRepository;
import dev.portcullis.core.state.ApprovalRepository;
import dev.portcullis.core.state.LeaseRepository;
import dev.portcullis.core.state.RevocationRepository;
import dev.portcullis.core.state.SecretRepository;
import dev.portcullis.core.state.Store;
import dev.portcullis.core.state.StoreException;
import dev.portcullis.core.state.SwitchRepository;
import dev.portcullis.core.state.ToolRepository;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The embedded SQLite {@link Store}: one database file in WAL mode with {@code synchronous=FULL},
 * migrated to the current schema when it is opened. Safe to call from many threads at once.
 */
public final class SqliteStore implements Store {
  private final Database database;
  private final SqliteAgents agents;
  private final SqliteTools tools;
  private final SqliteApprovals approvals;
  private final SqliteSwitches switches;
  private final SqliteInstances instances;
  private final SqliteRevocations revocations;
  private final SqliteSecrets secrets;
  private final SqliteLeases leases;

  private SqliteStore(Database database) {
    this.database = database;
    this.agents = new SqliteAgents(database);
    this.tools = new SqliteTools(database);
    this.approvals = new SqliteApprovals(database);
    this.switches = new SqliteSwitches(database);
    this.instances = new SqliteInstances(database);
    this.revocations = new SqliteRevocations(database);
    this.secrets = new SqliteSecrets(database);
    this.leases = new SqliteLeases(database);
  }

  /**
   * Opens (creating if needed) the database in this file and migrates it to the current schema.
   *
   * @throws StoreException if the file cannot be opened, a migration fails, or the database was
   *     written by a newer version whose schema this code does not know
   */
  public static SqliteStore open(Path databaseFile) {
    Objects.requireNonNull(databaseFile, "databaseFile");
    return new SqliteStore(Database.open(databaseFile.toAbsolutePath()));
  }

  /** The schema version this code creates and understands. */
  public static int schemaVersion() {
    return Migrations.LATEST;
  }

  @Override
  public AgentRepository agents() {
    return agents;
  }

  @Override
  public ToolRepository tools() {
    return tools;
  }

  @Override
  public ApprovalRepository approvals() {
    return approvals;
  }

  @Override
  public SwitchRepository switches() {
    return switches;
  }

  @Override
  public AgentInstanceRepository instances() {
    return instances;
  }

  @Override
  public RevocationRepository revocations() {
    return revocations;
  }

  @Override
  public SecretRepository secrets() {
    return secrets;
  }

  @Override
  public LeaseRepository leases() {
    return leases;
  }

  /** The connections, for tests that look beneath the repositories. */
  Database database() {
    return database;
  }

  @Override
  public void close() {
    database.close();
  }
}
