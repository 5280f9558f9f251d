package dev.portcullis.bench.scenarios;

import dev.portcullis.bench.scenarios.banking.BankingSuite;
import dev.portcullis.bench.scenarios.messaging.MessagingSuite;
import dev.portcullis.bench.scenarios.travel.TravelSuite;
import dev.portcullis.bench.scenarios.workspace.WorkspaceSuite;
import java.util.List;

/** The scenario suites, in report order. */
public final class Suites {
  private Suites() {}

  /** Every suite. */
  public static List<Suite> all() {
    return List.of(BankingSuite.suite(), WorkspaceSuite.suite(), MessagingSuite.suite(), TravelSuite.suite());
  }

  /** The suite with this name ({@code bank}) or title ({@code banking}). */
  public static Suite byName(String name) {
    return all().stream().filter(s -> s.name().equals(name) || s.title().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no suite '" + name + "'; suites: "
            + all().stream().map(Suite::title).toList()));
  }
}
