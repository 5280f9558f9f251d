/**
 * Human oversight on the request path: kill switches ({@link dev.portcullis.oversight.KillSwitchBoard},
 * {@link dev.portcullis.oversight.KillSwitchStage}), rate and quantity limits
 * ({@link dev.portcullis.oversight.ThrottleRule}, {@link dev.portcullis.oversight.ThrottleStage}) and
 * approval holds ({@link dev.portcullis.oversight.ApprovalDesk}, {@link dev.portcullis.oversight.ApprovalStage}).
 *
 * <p>Each stage is one small class; the board and the desk are what the admin API calls. State
 * that must be shared between replicas (engaged switches, approvals) lives in the store behind
 * the core's state ports; throttle buckets are per replica.
 */
package dev.portcullis.oversight;
