package dev.portcullis.bench.scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link ScenarioRun}.
 *
 * @param suites        the suites to run
 * @param defences      the defence settings to run, in order
 * @param templates     the attack templates to pair with tasks
 * @param out           where to write the JSON report, or {@code null}
 * @param workDir       where to put configuration, gateway data and server files, or {@code null}
 *                      for a temporary directory removed at the end
 * @param suspicionRule with the defence on, whether to hold consequential calls after a suspected injection
 */
public record RunOptions(List<Suite> suites, List<Defence> defences, List<AttackTemplate> templates, Path out, Path workDir,
                         boolean suspicionRule) {
  /** The usage text. */
  public static final String USAGE = """
      usage: ScenarioRun [--suite banking|workspace|messaging|travel]... [--defence off|on|both]
                         [--templates user-note,system-notice,aside] [--out report.json] [--work-dir dir]
                         [--suspicion-rule on|off]""";

  /** Parses the command line; unknown or incomplete options are errors. */
  public static RunOptions parse(String[] argv) {
    var suites = new ArrayList<Suite>();
    List<Defence> defences = List.of(Defence.OFF, Defence.ON);
    List<AttackTemplate> templates = AttackTemplate.ALL;
    Path out = null;
    Path workDir = null;
    boolean suspicion = true;
    for (int i = 0; i < argv.length; i++) {
      String option = argv[i];
      if (option.equals("--help") || option.equals("-h")) throw new IllegalArgumentException(USAGE);
      if (i + 1 >= argv.length) throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
      String value = argv[++i];
      switch (option) {
        case "--suite" -> Arrays.stream(value.split(",")).map(String::strip).map(Suites::byName).forEach(suites::add);
        case "--defence" -> defences = value.equals("both") ? List.of(Defence.OFF, Defence.ON) : List.of(Defence.parse(value));
        case "--templates" -> templates = Arrays.stream(value.split(",")).map(String::strip).map(AttackTemplate::byId).toList();
        case "--out" -> out = Path.of(value);
        case "--work-dir" -> workDir = Path.of(value);
        case "--suspicion-rule" -> suspicion = switch (value) {
          case "on" -> true;
          case "off" -> false;
          default -> throw new IllegalArgumentException("--suspicion-rule must be on or off, not '" + value + "'");
        };
        default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + USAGE);
      }
    }
    return new RunOptions(suites.isEmpty() ? Suites.all() : List.copyOf(suites), defences, templates, out, workDir, suspicion);
  }
}
