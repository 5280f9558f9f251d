package dev.portcullis.policy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a {@link CelPolicyEngine} when its policy files change. It watches each source
 * directory (and the directory of each source file) and, once changes have been quiet for the
 * debounce interval, calls {@link CelPolicyEngine#reload()}, which keeps the old set if the new
 * files have problems. Editors that write a file in several steps thus cause one reload.
 */
public final class PolicyWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyWatcher.class);

  private final CelPolicyEngine engine;
  private final Duration debounce;
  private final WatchService watchService;
  private final Set<Path> directories;
  private final Thread thread;

  private PolicyWatcher(CelPolicyEngine engine, Duration debounce) throws IOException {
    this.engine = engine;
    this.debounce = debounce;
    this.directories = directories(engine.sources());
    this.watchService = FileSystems.getDefault().newWatchService();
    try {
      for (Path dir : directories) {
        dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    } catch (IOException | RuntimeException e) {
      watchService.close();
      throw e;
    }
    this.thread = Thread.ofPlatform().daemon().name("policy-watcher").unstarted(this::run);
  }

  /** Starts watching the engine's sources; reloads after {@code debounce} of quiet following a change. */
  public static PolicyWatcher start(CelPolicyEngine engine, Duration debounce) throws IOException {
    Objects.requireNonNull(engine, "engine");
    if (debounce.isNegative()) throw new IllegalArgumentException("debounce must not be negative, was " + debounce);
    var watcher = new PolicyWatcher(engine, debounce);
    watcher.thread.start();
    return watcher;
  }

  /** The directories watched. */
  public Set<Path> directories() { return directories; }

  /** Stops watching; a reload under way completes. */
  @Override
  public void close() throws IOException { watchService.close(); }

  private void run() {
    try {
      while (true) {
        drain(watchService.take());
        WatchKey more;
        while ((more = watchService.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) drain(more);
        ReloadResult result = engine.reload();
        if (!result.applied()) LOG.warn("policy change not applied: {} problems", result.problems().size());
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      LOG.debug("policy watcher stopped");
    } catch (RuntimeException e) {
      LOG.error("policy watcher failed; policy files are no longer watched", e);
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  private static Set<Path> directories(List<Path> sources) {
    var dirs = new LinkedHashSet<Path>();
    for (Path source : sources) {
      Path abs = source.toAbsolutePath().normalize();
      if (Files.isDirectory(abs)) {
        dirs.add(abs);
      } else if (abs.getParent() != null) {
        dirs.add(abs.getParent());
      }
    }
    return Set.copyOf(dirs);
  }
}
