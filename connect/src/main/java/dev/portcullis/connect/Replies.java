package dev.portcullis.connect;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON-RPC responses a connector answers with, as the gateway's upstream interface carries them. */
public final class Replies {
  private Replies() {}

  /** A response with this result. */
  public static Map<String, Object> result(long id, Map<String, Object> result) {
    var m = new LinkedHashMap<String, Object>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("result", result);
    return m;
  }

  /** An error response. */
  public static Map<String, Object> error(long id, int code, String message) {
    var m = new LinkedHashMap<String, Object>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("error", Map.of("code", code, "message", message));
    return m;
  }
}
