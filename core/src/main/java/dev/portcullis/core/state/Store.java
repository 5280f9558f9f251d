package dev.portcullis.core.state;

/**
 * The gateway's durable state: agents, tool registrations, approvals, kill switches, secrets, leases. One
 * abstraction with interchangeable implementations (embedded SQLite by default). Calls block;
 * callers run them on virtual threads, never on an event loop.
 */
public interface Store extends AutoCloseable {

  /** Registered agents. */
  AgentRepository agents();

  /** Tool registrations and their pinned definitions. */
  ToolRepository tools();

  /** Approval requests. */
  ApprovalRepository approvals();

  /** Engaged kill switches. */
  SwitchRepository switches();

  /** Enrolled agent instances and their public keys. */
  AgentInstanceRepository instances();

  /** Revocations of agents, instances, users, tasks, transactions and tokens. */
  RevocationRepository revocations();

  /** Secrets, encrypted by the vault before they get here. */
  SecretRepository secrets();

  /** Credential leases not yet revoked. */
  LeaseRepository leases();

  /** Releases the store. */
  @Override
  void close();
}
