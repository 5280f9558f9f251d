package dev.portcullis.firewall;

/**
 * A learned injection classifier, one more signal beside the rules. Implementations must be safe to
 * call from several threads and must not keep the texts they see.
 */
public interface InjectionClassifier extends AutoCloseable {
  /** The probability, from 0 to 1, that a text is a prompt injection. */
  double probability(String text);

  /** Releases native resources; the default does nothing. */
  @Override default void close() {}
}
