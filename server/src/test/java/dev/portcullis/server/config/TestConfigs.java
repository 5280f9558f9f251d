package dev.portcullis.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Configuration records used by the binder tests. */
final class TestConfigs {
  private TestConfigs() {}

  enum Mode { ALLOW, DENY, REQUIRE_APPROVAL }

  record Gateway(@Required String name, int port, Integer workers, boolean debug, Long maxBodyBytes, double ratio,
                 Duration timeout, Path dataDir, Mode mode, Secret token, List<Upstream> upstreams,
                 Map<String, String> labels, Limits limits) {
    Gateway {
      if (workers == null) {
        workers = 4;
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
      }
    }
  }

  record Upstream(@Required String name, String baseURL, List<String> tools, Duration timeout, Secret apiKey) {}

  record Limits(Integer maxCalls, Map<String, Duration> perTool, List<Mode> modes) {}

  record Unsupported(java.util.Set<String> names) {}
}
