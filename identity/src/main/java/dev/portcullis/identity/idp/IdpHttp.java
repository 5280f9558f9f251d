package dev.portcullis.identity.idp;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches JSON documents (discovery metadata, key sets) from identity providers, with the limits
 * that keep a slow, huge or hostile response from hurting the gateway: a connect timeout, a
 * deadline for the whole exchange including the body, a cap on the body size enforced while it
 * streams in, no redirects (a provider that moved must be reconfigured, not followed), and status
 * 200 only.
 */
final class IdpHttp implements AutoCloseable {
  /** How long connecting may take. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long a whole fetch, body included, may take. */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
  /** The largest response body accepted, in bytes. */
  static final int DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024;
  /** The deepest JSON nesting accepted in a response (a key set is three deep). */
  static final int MAX_JSON_DEPTH = 16;

  private final HttpClient client;
  private final Duration deadline;
  private final int maxResponseBytes;

  /** A fetcher with the default deadline and size limit. */
  IdpHttp() {
    this(DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** A fetcher with this deadline per fetch and this body size limit. */
  IdpHttp(Duration deadline, int maxResponseBytes) {
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.maxResponseBytes = maxResponseBytes;
    this.client = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * The JSON object at {@code uri}.
   *
   * @param what names the document in failure messages, e.g. "discovery document"
   * @throws IdpUnavailableException saying why the document could not be had
   */
  Map<String, Object> getJson(URI uri, String what) throws IdpUnavailableException {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .GET()
        .timeout(deadline)
        .header("Accept", "application/json, application/jwk-set+json")
        .build();
    CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, this::limitedBody);
    HttpResponse<byte[]> response;
    try {
      response = pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new IdpUnavailableException(what + " at " + uri + " did not arrive within " + deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IdpUnavailableException("fetching the " + what + " at " + uri + " was interrupted");
    } catch (ExecutionException e) {
      if (tooLarge(e)) {
        throw new IdpUnavailableException(what + " at " + uri + " is larger than " + maxResponseBytes + " bytes");
      }
      throw new IdpUnavailableException(what + " at " + uri + " could not be fetched ("
          + e.getCause().getClass().getSimpleName() + ")", e.getCause());
    }
    if (response.statusCode() != 200) {
      throw new IdpUnavailableException(what + " at " + uri + " answered HTTP " + response.statusCode());
    }
    return parse(response.body(), uri, what);
  }

  private static Map<String, Object> parse(byte[] body, URI uri, String what) throws IdpUnavailableException {
    String text;
    try {
      text = TokenParts.strictUtf8(body);
    } catch (CharacterCodingException e) {
      throw new IdpUnavailableException(what + " at " + uri + " is not UTF-8");
    }
    if (dev.portcullis.identity.JsonDepth.of(text) > MAX_JSON_DEPTH) {
      throw new IdpUnavailableException(what + " at " + uri + " nests deeper than " + MAX_JSON_DEPTH);
    }
    try {
      return JSONObjectUtils.parse(text);
    } catch (ParseException | RuntimeException e) {
      throw new IdpUnavailableException(what + " at " + uri + " is not a JSON object");
    }
  }

  private static boolean tooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ResponseTooLarge) return true;
    }
    return false;
  }

  private BodySubscriber<byte[]> limitedBody(HttpResponse.ResponseInfo info) {
    if (info.statusCode() != 200) return BodySubscribers.replacing(new byte[0]);
    return new LimitedBody(maxResponseBytes);
  }

  @Override
  public void close() {
    client.shutdownNow();
  }

  /** A body larger than the limit; the stream is cancelled as soon as the limit is passed. */
  private static final class ResponseTooLarge extends IOException {
    ResponseTooLarge() { super("response body exceeds its limit", null); }
  }

  /** Collects a body into a byte array, failing as soon as it grows past a limit. */
  private static final class LimitedBody implements BodySubscriber<byte[]> {
    private final BodySubscriber<byte[]> collector = BodySubscribers.ofByteArray();
    private final long limit;
    private Flow.Subscription subscription;
    private long received;
    private boolean failed;

    LimitedBody(long limit) { this.limit = limit; }

    @Override
    public CompletionStage<byte[]> getBody() { return collector.getBody(); }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      collector.onSubscribe(s);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (failed) return;
      for (ByteBuffer buffer : buffers) received += buffer.remaining();
      if (received > limit) {
        failed = true;
        subscription.cancel();
        collector.onError(new ResponseTooLarge());
        return;
      }
      collector.onNext(buffers);
    }

    @Override
    public void onError(Throwable error) {
      if (!failed) collector.onError(error);
    }

    @Override
    public void onComplete() {
      if (!failed) collector.onComplete();
    }
  }
}
