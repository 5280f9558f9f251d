package dev.portcullis.e2e.lastmile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP proxy in front of the gateway that keeps every byte the gateway sends back to the agent,
 * so a test can assert what an agent could ever have seen, whatever the client library does with it.
 *
 * <p>The proxy listens before any gateway runs, so a gateway can be configured with the proxy's
 * URL as its public URL (the audience of tokens and the URL DPoP proofs name); {@link #forwardTo}
 * points it at whichever gateway is current, which lets one agent-facing address outlive restarts.
 */
final class RecordingProxy implements AutoCloseable {
  private final ServerSocket server;
  private volatile int target;
  private final ByteArrayOutputStream toAgent = new ByteArrayOutputStream();
  private volatile boolean closed;

  /** A proxy that forwards nowhere until {@link #forwardTo} is called. */
  RecordingProxy() throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  /** Sends every later connection to the gateway on {@code port}. */
  void forwardTo(int port) { this.target = port; }

  /** The port agents connect to. */
  int port() { return server.getLocalPort(); }

  /** Everything the gateway sent to agents so far, as text (HTTP headers and bodies). */
  String seenByAgent() {
    synchronized (toAgent) {
      return toAgent.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket agent = server.accept();
        if (target == 0) {
          agent.close();
          continue;
        }
        Socket gateway;
        try {
          gateway = new Socket(InetAddress.getLoopbackAddress(), target);
        } catch (IOException e) {
          agent.close();
          continue;
        }
        Thread.ofVirtual().start(() -> pump(agent, gateway, false));
        Thread.ofVirtual().start(() -> pump(gateway, agent, true));
      } catch (IOException e) {
        if (!closed) throw new IllegalStateException("recording proxy failed", e);
      }
    }
  }

  private void pump(Socket from, Socket to, boolean record) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (record) {
          synchronized (toAgent) {
            toAgent.write(buffer, 0, n);
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed; close both below
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
