package dev.portcullis.audit;

import dev.portcullis.core.AuditLog;
import dev.portcullis.core.AuditRecord;
import dev.portcullis.core.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit log in one append-only JSON Lines file in which every entry carries the hash of the one
 * before it, made durable by group commit and guarded against truncation by a signed head file.
 *
 * <p>Files: {@code <log>} holds the entries, {@code <log>.head} the signed last seq and hash (see
 * {@link SignedHead}), {@code <log>.pub} the public key that verifies it, and the key file the
 * Ed25519 private key. {@link AuditVerifier} checks all of them offline.
 *
 * <p>{@link #append} may be called from any number of threads; it blocks until its entry is durable.
 * Once a write, fsync or head update fails, the log is failed: every waiting and every later append
 * throws, and only reopening the file (which checks it) recovers.
 */
public final class ChainedFileAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(ChainedFileAuditLog.class);
  private static final int MAX_BATCH = 1024;
  private static final Pending STOP = new Pending(null, null, null);

  /*
   * Group commit: callers queue a Pending and wait on its future. One writer thread takes
   * everything queued, seals the entries (seq, prev, hash are assigned only here, so the chain has
   * one author), writes them with one write, forces the file once, signs and replaces the head,
   * and only then completes the futures. The lock orders enqueueing against close() and failure,
   * so no Pending is ever queued behind STOP or after the log failed and left waiting forever.
   */
  private final Path logFile;
  private final Path headFile;
  private final FileChannel file;
  private final LogChannel channel;
  private final KeyPair keys;
  private final InstantSource clock;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Thread writer;
  private boolean closed;
  private volatile AuditException failure;
  private long lastSeq;
  private String lastHash;

  private record Pending(AuditRecord record, String fieldsText, CompletableFuture<Long> result) {}

  private ChainedFileAuditLog(Path logFile, FileChannel file, LogChannel channel, KeyPair keys, InstantSource clock,
                              long lastSeq, String lastHash) {
    this.logFile = logFile;
    this.headFile = SignedHead.fileFor(logFile);
    this.file = file;
    this.channel = channel;
    this.keys = keys;
    this.clock = clock;
    this.lastSeq = lastSeq;
    this.lastHash = lastHash;
    this.writer = Thread.ofPlatform().name("audit-writer").daemon(true).unstarted(this::run);
  }

  /**
   * Opens (or creates) the log at {@code logFile}, signing heads with the Ed25519 key in
   * {@code keyFile} (created owner-only if absent); {@code clock} stamps the heads.
   *
   * <p>The whole existing log is checked first. A torn last line, which only an interrupted and
   * never-acknowledged write leaves, is cut off with a warning. Any other damage, a head that does
   * not verify, or a log that no longer holds its head's entry fails with an exception saying what
   * is wrong: the gateway must then refuse to serve.
   *
   * @throws IOException if the log cannot be opened, is damaged, truncated or in use by another process
   */
  public static ChainedFileAuditLog open(Path logFile, Path keyFile, InstantSource clock) throws IOException {
    return open(logFile, keyFile, clock, UnaryOperator.identity());
  }

  /** As {@link #open(Path, Path, InstantSource)}, with the write channel decorated (tests inject failures). */
  static ChainedFileAuditLog open(Path logFile, Path keyFile, InstantSource clock, UnaryOperator<LogChannel> decorate)
      throws IOException {
    Objects.requireNonNull(clock, "clock");
    Path log = logFile.toAbsolutePath();
    if (log.getParent() != null) Files.createDirectories(log.getParent());
    KeyPair keys = KeyFiles.loadOrCreate(keyFile, KeyFiles.publicFileFor(log));
    boolean created = !Files.exists(log);
    FileChannel file = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      lockExclusively(file, log);
      if (created) syncDirectory(log.getParent());
      LogScanner.Result scan = new LogRecovery(log, file, keys.getPublic()).recover();
      file.position(file.size());
      var opened = new ChainedFileAuditLog(log, file, decorate.apply(LogChannel.of(file)), keys, clock,
          scan.lastSeq(), scan.lastHash());
      opened.writer.start();
      LOG.info("audit log {} open at seq {}", log, scan.lastSeq());
      return opened;
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /**
   * Appends a record and returns its seq once it is durable.
   *
   * @throws AuditException if the record has a value that is not plain JSON, or the log is closed,
   *                        has failed, or fails while writing this record
   */
  @Override
  public long append(AuditRecord record) throws AuditException {
    Objects.requireNonNull(record, "record");
    String fieldsText;
    try {
      fieldsText = CanonicalJson.text(record.fields());
    } catch (RuntimeException e) {
      throw new AuditException("audit record of type '" + record.type() + "' has a field that is not a plain JSON value ("
          + e.getClass().getSimpleName() + ")", e);
    }
    var pending = new Pending(record, fieldsText, new CompletableFuture<>());
    lock.lock();
    try {
      if (failure != null) throw new AuditException(failure.getMessage(), failure);
      if (closed) throw new AuditException("audit log " + logFile + " is closed", null);
      queue.add(pending);
    } finally {
      lock.unlock();
    }
    try {
      return pending.result().get();
    } catch (ExecutionException e) {
      throw new AuditException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("interrupted while waiting for an audit record to become durable", e);
    }
  }

  /** Writes what is queued, stops the writer and closes the file. Safe to call more than once. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      queue.add(STOP);
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      file.close();
    } catch (IOException e) {
      LOG.warn("closing audit log {} failed: {}", logFile, e.toString());
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void run() {
    var batch = new ArrayList<Pending>();
    while (true) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // Only close() ends the writer, through STOP.
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.getLast() == STOP;
      if (stop) batch.removeLast();
      if (!batch.isEmpty()) commit(batch);
      if (stop) return;
    }
  }

  private void commit(List<Pending> batch) {
    AuditException failed = failure;
    if (failed == null) {
      try {
        write(batch);
        return;
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        failed = fail(e);
      }
    }
    for (Pending pending : batch) pending.result().completeExceptionally(failed);
  }

  private void write(List<Pending> batch) throws IOException, GeneralSecurityException {
    var bytes = new ByteArrayOutputStream();
    long seq = lastSeq;
    String hash = lastHash;
    for (Pending pending : batch) {
      LogEntry entry = LogEntry.seal(++seq, pending.record(), pending.fieldsText(), hash);
      bytes.writeBytes(entry.bytes());
      hash = entry.hash();
    }
    channel.write(ByteBuffer.wrap(bytes.toByteArray()));
    channel.force();
    SignedHead.sign(seq, hash, clock.instant(), keys.getPrivate()).writeTo(headFile);
    long first = lastSeq + 1;
    lastSeq = seq;
    lastHash = hash;
    for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(first + i);
  }

  private AuditException fail(Exception cause) {
    var failed = new AuditException("audit log " + logFile + " failed and accepts no more records until it is reopened: "
        + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    lock.lock();
    try {
      failure = failed;
    } finally {
      lock.unlock();
    }
    LOG.error("{}", failed.getMessage());
    return failed;
  }

  /*
   * Best effort against two gateways appending to one file. The lock is advisory and, on POSIX,
   * per process: it does not stop a second open inside this JVM after close, and closing any other
   * descriptor of this file in this process may drop it. Recovery therefore reads through this
   * channel rather than a second descriptor.
   */
  private static void lockExclusively(FileChannel file, Path log) throws IOException {
    FileLock held;
    try {
      held = file.tryLock();
    } catch (OverlappingFileLockException e) {
      throw new IOException("audit log " + log + " is already open in this process", e);
    }
    if (held == null) throw new IOException("audit log " + log + " is in use by another process");
  }

  /** Makes a newly created file's directory entry durable. */
  private static void syncDirectory(Path directory) {
    if (directory == null) return;
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {} on this platform: {}", directory, e.toString());
    }
  }
}
