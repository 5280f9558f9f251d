package dev.portcullis.e2e.lastmile;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything this JVM writes to standard error and standard output while installed (where the
 * gateway's log goes), still passed on to the original streams.
 */
final class CapturedOutput implements AutoCloseable {
  private final PrintStream originalErr = System.err;
  private final PrintStream originalOut = System.out;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private CapturedOutput() {
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
  }

  /** Starts capturing. */
  static CapturedOutput install() { return new CapturedOutput(); }

  /** What was written so far. */
  String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setErr(originalErr);
    System.setOut(originalOut);
  }

  private final class Tee extends OutputStream {
    private final OutputStream original;

    Tee(OutputStream original) { this.original = original; }

    @Override
    public void write(int b) {
      synchronized (captured) {
        captured.write(b);
      }
      try {
        original.write(b);
      } catch (java.io.IOException ignored) {
        // the original stream is best effort; the capture is what the tests read
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (captured) {
        captured.write(b, off, len);
      }
      try {
        original.write(b, off, len);
      } catch (java.io.IOException ignored) {
        // as above
      }
    }

    @Override
    public void flush() {
      try {
        original.flush();
      } catch (java.io.IOException ignored) {
        // as above
      }
    }
  }
}
