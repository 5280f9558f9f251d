package dev.portcullis.e2e.keycloak;

/**
 * The names and test-only credentials of the {@code portcullis} realm that {@link KeycloakServer} imports from
 * {@code keycloak/portcullis-realm.json}. They live here so that tests name them once; the realm file is the
 * source of truth and {@code KeycloakServerTest} proves the two agree.
 */
public final class PortcullisRealm {
  /** The realm's name, the last segment of its issuer. */
  public static final String NAME = "portcullis";
  /** The audience that tokens meant for Portcullis carry. */
  public static final String AUDIENCE = "portcullis";

  /** A public client with direct access grants whose access tokens carry {@link #AUDIENCE}, groups and roles. */
  public static final String AGENT_APP = "agent-app";
  /** A public client with direct access grants whose access tokens do not carry {@link #AUDIENCE}. */
  public static final String OTHER_APP = "other-app";
  /** A confidential client with a service account, for the client credentials grant. */
  public static final String BILLING_CLIENT = "billing-api-client";
  /** The secret of {@link #BILLING_CLIENT} (a test-only value). */
  public static final String BILLING_CLIENT_SECRET = "billing-api-test-secret";
  /** The audience of {@link #BILLING_CLIENT}'s tokens: the billing API they are meant for. */
  public static final String BILLING_AUDIENCE = "billing-api";

  /** A user in group {@link #FINANCE} with realm roles {@code employee} and {@code approver}. */
  public static final String ALICE = "alice";
  /** Alice's password (a test-only value). */
  public static final String ALICE_PASSWORD = "alice-test-password";
  /** A user in group {@link #ENGINEERING} with realm role {@code employee}. */
  public static final String BOB = "bob";
  /** Bob's password (a test-only value). */
  public static final String BOB_PASSWORD = "bob-test-password";

  /** The group Alice is in. */
  public static final String FINANCE = "finance";
  /** The group Bob is in. */
  public static final String ENGINEERING = "engineering";
  /** The realm role every user has. */
  public static final String EMPLOYEE_ROLE = "employee";
  /** The realm role only Alice has. */
  public static final String APPROVER_ROLE = "approver";

  /** The classpath resource the realm is imported from. */
  static final String RESOURCE = "keycloak/portcullis-realm.json";

  private PortcullisRealm() {}
}
