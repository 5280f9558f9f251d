package dev.portcullis.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finds and reads policy files: named files, and the {@code *.yaml} / {@code *.yml} files of named directories. */
final class PolicyFiles {
  private PolicyFiles() {}

  /** A policy file's name (as reported in problems) and text. */
  record Source(String name, String text) {}

  /** Whether a file name is a policy file name. */
  static boolean isPolicyFile(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
  }

  /** Reads every policy file under {@code sources} in order (directory entries by name); problems are added. */
  static List<Source> read(List<Path> sources, List<PolicyProblem> problems) {
    var out = new ArrayList<Source>();
    var seen = new HashSet<Path>();
    for (Path source : sources) {
      if (Files.isDirectory(source)) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(source)) {
          entries = list.filter(p -> Files.isRegularFile(p) && isPolicyFile(p)).sorted().toList();
        } catch (IOException e) {
          problems.add(new PolicyProblem(source.toString(), 1, 1, "cannot list directory: " + e.getClass().getSimpleName()));
          continue;
        }
        for (Path p : entries) readFile(p, seen, out, problems);
      } else if (Files.isRegularFile(source)) {
        readFile(source, seen, out, problems);
      } else {
        problems.add(new PolicyProblem(source.toString(), 1, 1, "no such policy file or directory"));
      }
    }
    return out;
  }

  private static void readFile(Path file, Set<Path> seen, List<Source> out, List<PolicyProblem> problems) {
    if (!seen.add(file.toAbsolutePath().normalize())) return;
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      out.add(new Source(file.toString(), text));
    } catch (CharacterCodingException e) {
      problems.add(new PolicyProblem(file.toString(), 1, 1, "not valid UTF-8"));
    } catch (IOException e) {
      problems.add(new PolicyProblem(file.toString(), 1, 1, "cannot read file: " + e.getClass().getSimpleName()));
    }
  }
}
