package dev.portcullis.firewall;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tiny ONNX text classifier for tests, with a minimal protobuf encoder: token ids are looked
 * up in an embedding of two columns ("benign", "injection"), averaged over the sequence, multiplied by
 * an identity matrix and, optionally, passed through a softmax. Tokens whose embedding row leans to
 * the second column push the injection probability up.
 */
final class TinyOnnxModel {
  private TinyOnnxModel() {}

  /* ONNX enum values. */
  private static final int FLOAT = 1;
  private static final int INT64 = 7;
  private static final int ATTR_INT = 2;
  private static final int ATTR_INTS = 7;

  /** The model bytes for an embedding of {@code rows[token] = {benign, injection}}. */
  static byte[] build(float[][] rows, boolean softmax) {
    var graph = new Proto();
    graph.message(1, node("Gather", new String[] {"embedding", "input_ids"}, "gathered", attrInt("axis", 0)));
    graph.message(1, node("ReduceMean", new String[] {"gathered"}, "pooled", attrInts("axes", 1), attrInt("keepdims", 0)));
    graph.message(1, node("MatMul", new String[] {"pooled", "weights"}, softmax ? "logits" : "scores"));
    if (softmax) graph.message(1, node("Softmax", new String[] {"logits"}, "scores", attrInt("axis", -1)));
    graph.string(2, "tiny-injection-classifier");
    float[] flat = new float[rows.length * 2];
    for (int i = 0; i < rows.length; i++) {
      flat[2 * i] = rows[i][0];
      flat[2 * i + 1] = rows[i][1];
    }
    graph.message(5, floatTensor("embedding", new long[] {rows.length, 2}, flat));
    graph.message(5, floatTensor("weights", new long[] {2, 2}, new float[] {1, 0, 0, 1}));
    graph.message(11, valueInfo("input_ids", INT64, "batch", "sequence"));
    graph.message(11, valueInfo("attention_mask", INT64, "batch", "sequence"));
    graph.message(12, valueInfo("scores", FLOAT, "batch", 2));
    var model = new Proto();
    model.varint(1, 8);                          // ir_version
    model.string(2, "portcullis-tests");         // producer_name
    model.message(7, graph);                     // graph
    var opset = new Proto();
    opset.string(1, "");
    opset.varint(2, 13);
    model.message(8, opset);                     // opset_import
    return model.bytes();
  }

  private static Proto node(String op, String[] inputs, String output, Proto... attributes) {
    var n = new Proto();
    for (String in : inputs) n.string(1, in);
    n.string(2, output);
    n.string(3, op.toLowerCase() + "_node");
    n.string(4, op);
    for (Proto a : attributes) n.message(5, a);
    return n;
  }

  private static Proto attrInt(String name, long value) {
    var a = new Proto();
    a.string(1, name);
    a.varint(3, value);
    a.varint(20, ATTR_INT);
    return a;
  }

  private static Proto attrInts(String name, long... values) {
    var a = new Proto();
    a.string(1, name);
    for (long v : values) a.varint(8, v);
    a.varint(20, ATTR_INTS);
    return a;
  }

  private static Proto floatTensor(String name, long[] dims, float[] values) {
    var t = new Proto();
    for (long d : dims) t.varint(1, d);
    t.varint(2, FLOAT);
    t.string(8, name);
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) raw.putFloat(v);
    t.bytes(9, raw.array());
    return t;
  }

  private static Proto valueInfo(String name, int elemType, Object... dims) {
    var shape = new Proto();
    for (Object d : dims) {
      var dim = new Proto();
      if (d instanceof String param) dim.string(2, param);
      else dim.varint(1, ((Number) d).longValue());
      shape.message(1, dim);
    }
    var tensor = new Proto();
    tensor.varint(1, elemType);
    tensor.message(2, shape);
    var type = new Proto();
    type.message(1, tensor);
    var info = new Proto();
    info.string(1, name);
    info.message(2, type);
    return info;
  }

  /** Protobuf wire format, just what ONNX needs: varints and length-delimited fields. */
  static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(int field, long value) {
      key(field, 0);
      raw(value);
    }

    void string(int field, String value) { bytes(field, value.getBytes(StandardCharsets.UTF_8)); }

    void bytes(int field, byte[] value) {
      key(field, 2);
      raw(value.length);
      out.writeBytes(value);
    }

    void message(int field, Proto value) { bytes(field, value.bytes()); }

    byte[] bytes() { return out.toByteArray(); }

    private void key(int field, int wireType) { raw((long) field << 3 | wireType); }

    private void raw(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) (value & 0x7F) | 0x80);
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
