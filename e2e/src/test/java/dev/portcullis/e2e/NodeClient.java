package dev.portcullis.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code node/mcp-client.mjs}: an official TypeScript MCP SDK client that performs a list of
 * steps against a URL and prints one JSON event per line.
 */
final class NodeClient {
  private final List<String> command = new ArrayList<>();
  private final Path logDir;

  private NodeClient(Path logDir) { this.logDir = logDir; }

  /** A client of SDK {@code sdk} ("v1" or "v2") for {@code url}, sending {@code token} if not null. */
  static NodeClient of(String sdk, String url, String token, Path logDir) {
    var c = new NodeClient(logDir);
    c.command.addAll(List.of("node", "node/mcp-client.mjs", "--sdk", sdk, "--url", url));
    if (token != null) c.command.addAll(List.of("--token", token));
    return c;
  }

  /** Sets the protocol era of a v2 client. */
  NodeClient era(String era) {
    command.addAll(List.of("--era", era));
    return this;
  }

  /** Sets the connection and request timeout. */
  NodeClient timeoutMs(long ms) {
    command.addAll(List.of("--timeout-ms", Long.toString(ms)));
    return this;
  }

  /** Runs the steps and returns the printed events; fails if the client does not end within two minutes. */
  Events run(Object steps) throws IOException, InterruptedException {
    try {
      return start(steps).get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("mcp-client.mjs did not finish within 120 s", e);
    }
  }

  /** Starts the steps in the background; the future completes with the events once the client exits. */
  CompletableFuture<Events> start(Object steps) throws IOException {
    var full = new ArrayList<>(command);
    Path stepsFile = Files.createTempFile(logDir, "mcp-client-", ".steps.json");
    Files.writeString(stepsFile, steps instanceof String s ? s : Json.write(steps));
    full.addAll(List.of("--steps", "@" + stepsFile));
    Path err = Files.createTempFile(logDir, "mcp-client-", ".err");
    Process p = new ProcessBuilder(full).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    return CompletableFuture.supplyAsync(() -> {
      try {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        var events = new ArrayList<JsonNode>();
        for (String line : out.split("\n")) {
          if (line.startsWith("{")) events.add(Json.parse(line));
        }
        return new Events(events, p.exitValue(), Files.readString(err));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }

  /** What a client run printed. */
  record Events(List<JsonNode> lines, int exitCode, String stderr) {
    /** The events of one kind ("connected", "result", "error", "progress", "connect-error"). */
    List<JsonNode> of(String event) { return lines.stream().filter(l -> event.equals(l.path("event").asText())).toList(); }

    /** The single event of one kind for one step. */
    JsonNode step(String event, int step) {
      var found = lines.stream().filter(l -> event.equals(l.path("event").asText()) && l.path("step").asInt(-1) == step).toList();
      if (found.size() != 1) throw new AssertionError("expected one '" + event + "' for step " + step + " but got " + describe());
      return found.getFirst();
    }

    /** The text of the first content item of the result of a step. */
    String text(int step) { return step("result", step).path("result").path("content").path(0).path("text").asText(); }

    /** The tool names of a list step's result. */
    List<String> toolNames(int step) {
      var names = new ArrayList<String>();
      step("result", step).path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
      return names;
    }

    /** A short account of the run for assertion messages. */
    String describe() {
      var sb = new StringBuilder("exit ").append(exitCode).append(", events:");
      lines.forEach(l -> sb.append("\n  ").append(Json.abbreviate(l.toString())));
      if (!stderr.isBlank()) sb.append("\nstderr: ").append(Json.abbreviate(stderr));
      return sb.toString();
    }
  }
}
