package dev.portcullis.audit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an audit log as it is opened for appending: every entry and link, the torn tail (cut
 * off), and the signed head (which the log must still contain).
 */
final class LogRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
  private static final int LISTED_PROBLEMS = 5;

  private final Path log;
  private final FileChannel file;
  private final PublicKey publicKey;

  LogRecovery(Path log, FileChannel file, PublicKey publicKey) {
    this.log = log;
    this.file = file;
    this.publicKey = publicKey;
  }

  /** Checks and repairs the log; returns where appending continues. */
  LogScanner.Result recover() throws IOException {
    SignedHead head = readHead();
    file.position(0);
    LogScanner.Result scan;
    try (InputStream in = unclosable(Channels.newInputStream(file))) {
      scan = LogScanner.scan(in, head == null ? -1 : head.seq());
    } catch (IOException e) {
      throw new IOException("audit log " + log + " cannot be read: " + e.getMessage(), e);
    }
    if (!scan.problems().isEmpty()) {
      var listed = scan.problems().subList(0, Math.min(LISTED_PROBLEMS, scan.problems().size()));
      throw new IOException("audit log " + log + " is damaged, refusing to append to it: " + String.join("; ", listed)
          + (scan.problems().size() > LISTED_PROBLEMS ? "; ..." : "") + " (run 'portcullis audit verify' for every problem)");
    }
    if (scan.torn() != null) {
      LOG.warn("audit log {}: removing line {} ({} bytes from offset {}): {}; it was never acknowledged",
          log, scan.torn().line(), file.size() - scan.goodLength(), scan.goodLength(), scan.torn().reason());
      file.truncate(scan.goodLength());
      file.force(true);
    }
    if (head != null) checkAgainst(head, scan);
    return scan;
  }

  private SignedHead readHead() throws IOException {
    Path headFile = SignedHead.fileFor(log);
    if (!Files.exists(headFile)) return null;
    SignedHead head;
    try {
      head = SignedHead.read(headFile);
    } catch (IOException e) {
      // The head is replaced without fsync, so a crash may leave it unreadable; the next batch rewrites it.
      LOG.warn("audit log {}: ignoring unreadable head {}: {}", log, headFile, e.getMessage());
      return null;
    }
    if (!head.verifies(publicKey)) {
      throw new IOException("audit log " + log + ": the signature of " + headFile
          + " does not verify with the audit signing key; the head was forged or the key was replaced");
    }
    return head;
  }

  private void checkAgainst(SignedHead head, LogScanner.Result scan) throws IOException {
    if (scan.hashAtWanted() == null) {
      throw new IOException("audit log " + log + " ends at seq " + scan.lastSeq() + " but its signed head records seq "
          + head.seq() + ": entries were removed from its end");
    }
    if (!scan.hashAtWanted().equals(head.hash())) {
      throw new IOException("audit log " + log + ": line " + scan.lineOfWanted() + " (seq " + head.seq()
          + ") has another hash than its signed head records: the log was rewritten");
    }
  }

  private static InputStream unclosable(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {
        // The channel stays open: it holds the log's lock and receives the appends.
      }
    };
  }
}
