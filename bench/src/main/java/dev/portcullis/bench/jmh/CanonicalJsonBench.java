package dev.portcullis.bench.jmh;

import dev.portcullis.core.CanonicalJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The cost of canonicalising a typical tools/call argument object (done for every argument digest). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CanonicalJsonBench {
  private final Map<String, Object> arguments = Map.of(
      "recipient", "DE89370400440532013000", "amount", 125.5, "note", "invoice 4711",
      "tags", List.of("finance", "q3"), "meta", Map.of("source", "email", "priority", 2));

  /** Canonical bytes of the arguments. */
  @Benchmark
  public Object canonicalArguments() { return CanonicalJson.bytes(arguments); }
}
