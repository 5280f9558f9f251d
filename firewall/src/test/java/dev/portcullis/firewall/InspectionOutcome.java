package dev.portcullis.firewall;

import java.util.ArrayList;
import java.util.List;

/** An inspection as comparable lines: each hit with its path, rule, span and action, then the content. */
final class InspectionOutcome {
  private InspectionOutcome() {}

  static List<String> of(Inspection inspection) {
    var out = new ArrayList<String>();
    for (Inspection.Hit h : inspection.hits()) {
      out.add(h.path() + " " + h.finding().ruleId() + "@" + h.finding().start() + "-" + h.finding().end() + ":" + h.action());
    }
    out.add(String.valueOf(inspection.content()));
    return out;
  }
}
