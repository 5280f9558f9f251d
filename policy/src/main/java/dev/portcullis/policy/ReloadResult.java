package dev.portcullis.policy;

import java.util.List;

/**
 * What a reload did.
 *
 * @param applied  whether the new policy set is now in force
 * @param version  the version in force after the reload (the old one when not applied)
 * @param rules    the number of rules in force after the reload
 * @param problems why the reload was refused; empty when applied
 */
public record ReloadResult(boolean applied, String version, int rules, List<PolicyProblem> problems) {
  public ReloadResult { problems = List.copyOf(problems); }
}
