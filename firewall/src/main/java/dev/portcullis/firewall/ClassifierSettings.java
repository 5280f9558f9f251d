package dev.portcullis.firewall;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the optional ONNX injection classifier comes from and how its output is read. The operator
 * supplies the model and tokenizer files; nothing is ever downloaded.
 *
 * @param model         the ONNX model file
 * @param tokenizer     a WordPiece {@code vocab.txt} or a HuggingFace {@code tokenizer.json} with a WordPiece model
 * @param threshold     the probability from which the classifier reports a finding
 * @param maxTokens     the model's sequence length, special tokens included
 * @param maxChunks     how many windows of a long text are classified (the rest is left to the rules)
 * @param minChars      texts shorter than this are not classified (ids, enum values, short labels)
 * @param lowercase     whether to lower-case and strip accents before WordPiece (uncased models); for
 *                      {@code tokenizer.json} the file's own normaliser setting wins
 * @param output        whether the model's output is logits (softmax applied here) or probabilities
 * @param positiveIndex which output class means "injection"
 */
public record ClassifierSettings(Path model, Path tokenizer, double threshold, int maxTokens, int maxChunks, int minChars,
                                 boolean lowercase, Output output, int positiveIndex) {
  /** How to read the model's output tensor. */
  public enum Output { LOGITS, PROBABILITIES }

  public ClassifierSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(output, "output");
    if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("classifier threshold must be in (0, 1], was " + threshold);
    if (maxTokens < 3) throw new IllegalArgumentException("classifier maxTokens must be at least 3, was " + maxTokens);
    if (maxChunks < 1) throw new IllegalArgumentException("classifier maxChunks must be at least 1, was " + maxChunks);
    if (minChars < 0) throw new IllegalArgumentException("classifier minChars must not be negative, was " + minChars);
    if (positiveIndex < 0) throw new IllegalArgumentException("classifier positiveIndex must not be negative, was " + positiveIndex);
  }

  /** Settings for a typical uncased BERT-style binary classifier exported with logits: threshold 0.8, 512 tokens. */
  public static ClassifierSettings of(Path model, Path tokenizer) {
    return new ClassifierSettings(model, tokenizer, 0.8, 512, 4, 20, true, Output.LOGITS, 1);
  }
}
