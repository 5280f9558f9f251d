package dev.portcullis.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline check of an audit log written by {@link ChainedFileAuditLog}: every line parses, seq
 * is consecutive, every prev links to the entry before, every hash recomputes, and the signed head
 * verifies and is still contained in the log. It needs nothing but the files and a public key.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * The result of a verification.
   *
   * @param ok       whether no problem was found
   * @param records  the number of complete lines in the log
   * @param problems what is wrong, each naming its line; empty when {@code ok}
   * @param notes    what the reader should know even when {@code ok}, e.g. where the key came from
   */
  public record Report(boolean ok, long records, List<String> problems, List<String> notes) {
    public Report {
      problems = List.copyOf(problems);
      notes = List.copyOf(notes);
    }
  }

  /**
   * Verifies a log. With {@code publicKeyOrNull} null, the head's signature is checked with the
   * {@code <log>.pub} beside the log, and the report notes that only an independently held key
   * proves anything. Never throws: unreadable files are reported as problems.
   */
  public static Report verify(Path logFile, PublicKey publicKeyOrNull) {
    var problems = new ArrayList<String>();
    var notes = new ArrayList<String>();
    LogScanner.Result scan;
    SignedHead head = null;
    Path headFile = SignedHead.fileFor(logFile);
    if (Files.exists(headFile)) {
      try {
        head = SignedHead.read(headFile);
      } catch (IOException e) {
        problems.add("head " + headFile + " cannot be read: " + e.getMessage());
      }
    }
    try (InputStream in = Files.newInputStream(logFile)) {
      scan = LogScanner.scan(in, head == null ? -1 : head.seq());
    } catch (IOException e) {
      problems.add("log " + logFile + " cannot be read: " + e.getMessage());
      return new Report(false, 0, problems, notes);
    }
    problems.addAll(scan.problems());
    if (scan.torn() != null) {
      problems.add("line " + scan.torn().line() + ": " + scan.torn().reason()
          + " (a write interrupted by a crash; the gateway removes it when it next opens the log)");
    }
    if (head != null) {
      checkHead(head, scan, logFile, publicKeyOrNull, problems, notes);
    } else if (!Files.exists(headFile)) {
      if (scan.records() > 0) {
        problems.add("head " + headFile + " is missing: entries removed from the end of the log could not be detected");
      } else {
        notes.add("the log is empty and has no head");
      }
    }
    return new Report(problems.isEmpty(), scan.records(), problems, notes);
  }

  /** Reads an Ed25519 public key: base64 or PEM of its X.509 DER (as in {@code <log>.pub}), or the raw DER. */
  public static PublicKey readPublicKey(Path file) throws IOException {
    return KeyFiles.readPublicKey(file);
  }

  private static void checkHead(SignedHead head, LogScanner.Result scan, Path logFile, PublicKey given,
                                List<String> problems, List<String> notes) {
    PublicKey key = given;
    if (key == null) {
      Path besideLog = KeyFiles.publicFileFor(logFile);
      try {
        key = KeyFiles.readPublicKey(besideLog);
        notes.add("the head was checked with " + besideLog + ", the key beside the log; whoever can rewrite the log "
            + "can replace that key too, so only a public key held independently proves the log is complete");
      } catch (IOException e) {
        problems.add("no public key was given and " + besideLog + " cannot be read: " + e.getMessage());
        return;
      }
    }
    if (!head.verifies(key)) {
      problems.add("the signature of the head (seq " + head.seq() + ") does not verify with the public key");
      return;
    }
    if (scan.hashAtWanted() == null) {
      problems.add("the log ends at seq " + scan.lastSeq() + " (line " + scan.records() + ") but its signed head records seq "
          + head.seq() + " (" + head.time() + "): entries were removed from the end");
    } else if (!scan.hashAtWanted().equals(head.hash())) {
      problems.add("line " + scan.lineOfWanted() + " (seq " + head.seq() + "): hash differs from the one the signed head records");
    } else {
      notes.add("the signed head covers seq " + head.seq() + " of " + scan.lastSeq() + " (" + head.time() + ")");
    }
  }
}
