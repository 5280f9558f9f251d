/**
 * Transaction tokens (IETF draft-ietf-oauth-transaction-tokens): short-lived tokens the gateway
 * signs for one upstream call, carrying to the backend who the call is for (the user under
 * delegation, else the agent instance), which transaction it belongs to, what it is for, and the
 * chain of agents it passed through. The agent never sees them; its own token never reaches the
 * backend.
 *
 * <p>The public surface is {@link dev.portcullis.identity.txn.TxnTokenIssuer}, the gateway's side,
 * and {@link dev.portcullis.identity.txn.TxnTokenVerifier} with
 * {@link dev.portcullis.identity.txn.TxnToken}, the checks a backend written in Java runs.
 */
package dev.portcullis.identity.txn;
