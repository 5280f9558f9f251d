package dev.portcullis.bench.scenarios;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Something an attacker wants the agent to do, written as an instruction with the attacker's
 * concrete values (an IBAN, an address, a URL). A fully compromised agent that reads the
 * instruction recognises it by {@code pattern}, takes the values from the groups of the match, and
 * carries it out with {@code exploit}.
 *
 * @param id          short stable id, unique in its suite
 * @param instruction the instruction as the attacker writes it into a slot
 * @param pattern     how the compromised agent recognises the instruction in text it reads
 * @param exploit     the steps the agent takes for the attacker, given the match
 * @param achieved    whether the attacker got what they wanted, judged from the journal and state
 */
public record AttackerGoal(String id, String instruction, Pattern pattern, BiConsumer<Agent, Matcher> exploit,
                           Predicate<World> achieved) {
  public AttackerGoal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(exploit, "exploit");
    Objects.requireNonNull(achieved, "achieved");
    if (!pattern.matcher(instruction).find()) {
      throw new IllegalArgumentException("goal '" + id + "': its pattern does not recognise its own instruction");
    }
  }

  /** A goal whose instruction is recognised case-insensitively by {@code regex}. */
  public static AttackerGoal of(String id, String instruction, String regex, BiConsumer<Agent, Matcher> exploit,
                                Predicate<World> achieved) {
    return new AttackerGoal(id, instruction, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), exploit, achieved);
  }
}
