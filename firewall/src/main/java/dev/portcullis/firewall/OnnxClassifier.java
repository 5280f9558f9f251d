package dev.portcullis.firewall;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An injection classifier run in-process with ONNX Runtime: a BERT-style sequence classifier and its
 * WordPiece tokenizer, both files the operator supplies. Nothing is downloaded.
 *
 * <p>The model may take {@code input_ids}, {@code attention_mask} and {@code token_type_ids} (64- or
 * 32-bit integers, shape [batch, sequence]); it must give one output of shape [batch, classes] (or
 * [classes]). A long text is cut into windows of the model's length, at most
 * {@link ClassifierSettings#maxChunks()} of them, and the highest probability wins. One intra-op
 * thread per call: the gateway runs many calls at once and should not oversubscribe its cores.
 */
public final class OnnxClassifier implements InjectionClassifier {
  private static final Set<String> INPUTS = Set.of("input_ids", "attention_mask", "token_type_ids");
  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final ClassifierSettings settings;
  private final Map<String, Boolean> inputs;

  private OnnxClassifier(OrtEnvironment env, OrtSession session, WordPieceTokenizer tokenizer, ClassifierSettings settings,
                         Map<String, Boolean> inputs) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.settings = settings;
    this.inputs = Map.copyOf(inputs);
  }

  /**
   * Loads the model and tokenizer the settings name.
   *
   * @throws IOException when a file is missing or unreadable, or the model's inputs or outputs are not as described
   */
  public static OnnxClassifier load(ClassifierSettings settings) throws IOException {
    if (!Files.isRegularFile(settings.model())) {
      throw new IOException("model file " + settings.model().getFileName() + " does not exist");
    }
    WordPieceTokenizer tokenizer = WordPieceTokenizer.load(settings.tokenizer(), settings.lowercase());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    try (var options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      session = env.createSession(settings.model().toString(), options);
      var inputs = new HashMap<String, Boolean>();
      for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
        if (!INPUTS.contains(e.getKey())) {
          throw new IOException("model input '" + e.getKey() + "' is not one of " + INPUTS);
        }
        if (!(e.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.INT64 && t.type != OnnxJavaType.INT32) {
          throw new IOException("model input '" + e.getKey() + "' must be a tensor of int64 or int32");
        }
        inputs.put(e.getKey(), ((TensorInfo) e.getValue().getInfo()).type == OnnxJavaType.INT64);
      }
      if (!inputs.containsKey("input_ids")) throw new IOException("the model has no 'input_ids' input");
      if (session.getNumOutputs() < 1) throw new IOException("the model has no output");
      return new OnnxClassifier(env, session, tokenizer, settings, inputs);
    } catch (OrtException e) {
      closeQuietly(session);
      throw new IOException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  private static void closeQuietly(OrtSession session) {
    if (session == null) return;
    try {
      session.close();
    } catch (OrtException ignored) {
      // Nothing more can be done about a session that failed to load.
    }
  }

  @Override public double probability(String text) {
    int window = settings.maxTokens() - 2;
    List<Integer> ids = tokenizer.encode(text, window * settings.maxChunks());
    double best = 0;
    for (int from = 0; from < Math.max(ids.size(), 1); from += window) {
      best = Math.max(best, classify(ids.subList(from, Math.min(ids.size(), from + window))));
    }
    return best;
  }

  private double classify(List<Integer> pieces) {
    int n = pieces.size() + 2;
    long[] ids = new long[n];
    ids[0] = tokenizer.cls();
    for (int i = 0; i < pieces.size(); i++) ids[i + 1] = pieces.get(i);
    ids[n - 1] = tokenizer.sep();
    long[] mask = new long[n];
    java.util.Arrays.fill(mask, 1);
    var tensors = new HashMap<String, OnnxTensor>();
    try {
      for (Map.Entry<String, Boolean> in : inputs.entrySet()) {
        long[] values = switch (in.getKey()) {
          case "input_ids" -> ids;
          case "attention_mask" -> mask;
          default -> new long[n];
        };
        tensors.put(in.getKey(), in.getValue() ? OnnxTensor.createTensor(env, new long[][] {values})
            : OnnxTensor.createTensor(env, new int[][] {toInts(values)}));
      }
      try (OrtSession.Result result = session.run(tensors)) {
        return positive(result.get(0));
      }
    } catch (OrtException e) {
      throw new IllegalStateException("the classifier failed to run: " + e.getMessage(), e);
    } finally {
      tensors.values().forEach(OnnxTensor::close);
    }
  }

  private double positive(OnnxValue output) throws OrtException {
    Object value = output.getValue();
    float[] scores = value instanceof float[][] batch ? batch[0] : value instanceof float[] single ? single : null;
    if (scores == null) throw new IllegalStateException("the classifier's output is not a float tensor of shape [batch, classes]");
    if (settings.positiveIndex() >= scores.length) {
      throw new IllegalStateException("the classifier has " + scores.length + " classes; positiveIndex " + settings.positiveIndex()
          + " does not exist");
    }
    double p;
    if (settings.output() == ClassifierSettings.Output.PROBABILITIES) {
      p = scores[settings.positiveIndex()];
    } else {
      double max = Double.NEGATIVE_INFINITY;
      for (float s : scores) max = Math.max(max, s);
      double sum = 0;
      for (float s : scores) sum += Math.exp(s - max);
      p = Math.exp(scores[settings.positiveIndex()] - max) / sum;
    }
    if (Double.isNaN(p)) throw new IllegalStateException("the classifier's output is not a number");
    return Math.clamp(p, 0.0, 1.0);
  }

  private static int[] toInts(long[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) out[i] = (int) values[i];
    return out;
  }

  /** Releases the ONNX session. */
  @Override public void close() {
    closeQuietly(session);
  }
}
