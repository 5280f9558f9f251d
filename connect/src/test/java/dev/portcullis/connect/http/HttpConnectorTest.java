package dev.portcullis.connect.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.core.MessageStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpConnectorTest {
  private static final LastMileCredential CREDENTIAL = new LastMileCredential.Headers("billing/1",
      Instant.parse("2030-01-01T00:00:00Z"), Map.of("Authorization", "Bearer lease-token"));

  private final ApiServer api = new ApiServer();

  @AfterEach
  void stop() { api.close(); }

  private static HttpTool getInvoice() {
    return HttpTool.declare("getInvoice", "Reads an invoice", "GET", "/invoices/{id}",
        Map.of("type", "object", "properties", Map.of(
            "id", Map.of("type", "string"),
            "expand", Map.of("type", "string"),
            "X-Request-Id", Map.of("type", "string", "in", "header")), "required", List.of("id")),
        Map.of("readOnlyHint", true));
  }

  private static HttpTool createInvoice() {
    return HttpTool.declare("createInvoice", "Creates an invoice", "POST", "/customers/{customer}/invoices",
        Map.of("type", "object", "properties", Map.of(
            "customer", Map.of("type", "string"),
            "amount", Map.of("type", "number"),
            "dryRun", Map.of("type", "boolean", "in", "query")), "required", List.of("customer", "amount")),
        null);
  }

  private HttpConnector connector(HttpTool... tools) {
    return new HttpConnector(new HttpConnectorConfig("billing", api.base("/api"), Duration.ofSeconds(10), 1024, List.of(tools)));
  }

  private static Map<String, Object> only(MessageStream stream) throws Exception {
    Map<String, Object> m = stream.next();
    assertThat(stream.next()).isNull();
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> result(Map<String, Object> message) {
    assertThat(message).containsKey("result");
    return (Map<String, Object>) message.get("result");
  }

  @SuppressWarnings("unchecked")
  private static String errorMessage(Map<String, Object> message) {
    assertThat(message).containsKey("error");
    return (String) ((Map<String, Object>) message.get("error")).get("message");
  }

  private static Map<String, Object> call(String tool, Map<String, Object> arguments) {
    return Map.of("name", tool, "arguments", arguments);
  }

  @Test
  void pathParametersArePercentEncodedSoDotDotSlashStaysOneValue() throws Exception {
    only(connector(getInvoice()).request("tools/call", call("getInvoice", Map.of("id", "../admin x")), Map.of(), CREDENTIAL));

    assertThat(api.last().rawPath()).isEqualTo("/api/invoices/..%2Fadmin%20x");
  }

  @Test
  void refusesDotSegmentsAsWholePathValues() throws Exception {
    var message = only(connector(getInvoice()).request("tools/call", call("getInvoice", Map.of("id", "..")), Map.of(), CREDENTIAL));

    assertThat(errorMessage(message)).contains("must not be empty, '.' or '..'");
    assertThat(api.seen()).isEmpty();
  }

  @Test
  void refusesAUrlThatWouldLeaveTheBaseUrl() throws Exception {
    var escaping = HttpTool.declare("escape", "", "GET", "/%2e%2e/admin", null, null);

    var message = only(connector(escaping).request("tools/call", call("escape", Map.of()), Map.of(), CREDENTIAL));

    assertThat(errorMessage(message)).contains("would leave the connector's base URL");
    assertThat(api.seen()).isEmpty();
  }

  @Test
  void theBaseUrlCheckRefusesOtherOriginsAndPaths() {
    var builder = new CallBuilder(api.base("/api/"), Duration.ofSeconds(1));

    assertThat(builder.under("/invoices/1", "").getRawPath()).isEqualTo("/api/invoices/1");
    assertThatThrownBy(() -> builder.under("/../admin", "")).hasMessageContaining("would leave");
    assertThatThrownBy(() -> builder.under("@evil.example/x", "")).hasMessageContaining("would leave");
    assertThatThrownBy(() -> builder.under("-v2/x", "")).hasMessageContaining("would leave");
  }

  @Test
  void credentialAndGatewayHeadersReachTheBackendAndArgumentsCannotReplaceThem() throws Exception {
    var tenant = HttpTool.declare("getTenant", "", "GET", "/tenant",
        Map.of("type", "object", "properties", Map.of("X-Tenant", Map.of("type", "string", "in", "header"))), null);

    only(connector(tenant).request("tools/call", call("getTenant", Map.of("X-Tenant", "evil")),
        Map.of("X-Tenant", "acme", "Txn-Token", "txn"), CREDENTIAL));

    var headers = api.last().headers();
    assertThat(headers.get("Authorization")).containsExactly("Bearer lease-token");
    assertThat(headers.get("X-Tenant")).containsExactly("acme");
    assertThat(headers.get("Txn-Token")).containsExactly("txn");
  }

  @Test
  void agentArgumentsCannotSetAuthorization() throws Exception {
    var message = only(connector(getInvoice()).request("tools/call",
        call("getInvoice", Map.of("id", "1", "Authorization", "Bearer agent-token")), Map.of(), CREDENTIAL));

    assertThat(errorMessage(message)).contains("has no parameter 'Authorization'");
    assertThat(api.seen()).isEmpty();
    assertThatThrownBy(() -> HttpTool.declare("t", "", "GET", "/x",
        Map.of("properties", Map.of("authorization", Map.of("in", "header"), "Cookie", Map.of("in", "header"))), null))
        .isInstanceOfSatisfying(ConnectorConfigException.class, e -> assertThat(e.problems()).hasSize(2))
        .hasMessageContaining("'authorization' is reserved").hasMessageContaining("'Cookie' is reserved");
  }

  @Test
  void placesArgumentsInQueryHeaderAndJsonBody() throws Exception {
    var connector = connector(getInvoice(), createInvoice());

    only(connector.request("tools/call", call("getInvoice", Map.of("id", "7", "expand", "lines&more", "X-Request-Id", "r1")), Map.of(), CREDENTIAL));
    var get = api.last();
    only(connector.request("tools/call", call("createInvoice", Map.of("customer", "c 1", "amount", 12.5, "dryRun", true)), Map.of(), CREDENTIAL));
    var post = api.last();

    assertThat(get.method()).isEqualTo("GET");
    assertThat(get.rawQuery()).isEqualTo("expand=lines%26more");
    assertThat(get.headers().get("X-Request-Id")).containsExactly("r1");
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.rawPath()).isEqualTo("/api/customers/c%201/invoices");
    assertThat(post.rawQuery()).isEqualTo("dryRun=true");
    assertThat(post.headers().getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(post.body()).isEqualTo("{\"amount\":12.5}");
  }

  @Test
  void aJsonObjectBodyBecomesStructuredContent() throws Exception {
    api.body = "{\"id\":\"7\",\"total\":12}";

    var result = result(only(connector(getInvoice()).request("tools/call", call("getInvoice", Map.of("id", "7")), Map.of(), CREDENTIAL)));

    assertThat(result).containsEntry("isError", false).containsEntry("structuredContent", Map.of("id", "7", "total", 12));
    assertThat(result.get("content")).isEqualTo(List.of(Map.of("type", "text", "text", "{\"id\":\"7\",\"total\":12}")));
  }

  @Test
  void anErrorStatusIsAnErrorResultWithTheStatusLineButNoRequestHeaders() throws Exception {
    api.status = 404;
    api.contentType = "text/plain";
    api.body = "no such invoice";

    var result = result(only(connector(getInvoice()).request("tools/call", call("getInvoice", Map.of("id", "9")), Map.of(), CREDENTIAL)));

    assertThat(result).containsEntry("isError", true).doesNotContainKey("structuredContent");
    assertThat(result.get("content")).isEqualTo(List.of(Map.of("type", "text", "text", "HTTP 404 Not Found\nno such invoice")));
    assertThat(result.toString()).doesNotContain("lease-token");
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    api.status = 302;
    api.location = "http://elsewhere.example/steal";
    api.body = "";

    var result = result(only(connector(getInvoice()).request("tools/call", call("getInvoice", Map.of("id", "1")), Map.of(), CREDENTIAL)));

    assertThat(result).containsEntry("isError", true);
    assertThat(api.seen()).hasSize(1);
  }

  @Test
  void aResponseOverTheCapFailsTheCall() {
    api.body = "{\"big\":\"" + "x".repeat(2048) + "\"}";

    assertThatThrownBy(() -> connector(getInvoice()).request("tools/call", call("getInvoice", Map.of("id", "1")), Map.of(), CREDENTIAL))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.error()).isInstanceOf(GatewayError.UpstreamFailed.class))
        .hasMessageContaining("larger than 1024 bytes");
  }

  @Test
  void refusesMissingRequiredAndNonScalarPathArguments() throws Exception {
    var connector = connector(getInvoice());

    assertThat(errorMessage(only(connector.request("tools/call", call("getInvoice", Map.of()), Map.of(), CREDENTIAL))))
        .contains("needs parameter 'id'");
    assertThat(errorMessage(only(connector.request("tools/call", call("getInvoice", Map.of("id", List.of("a"))), Map.of(), CREDENTIAL))))
        .contains("must be a string, number or boolean");
    assertThat(errorMessage(only(connector.request("tools/call", call("nope", Map.of()), Map.of(), CREDENTIAL))))
        .contains("unknown tool");
    assertThat(api.seen()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void answersLikeAnMcpServer() throws Exception {
    var connector = connector(getInvoice());

    var init = result(only(connector.request("initialize", Map.of("protocolVersion", "2025-11-25"), Map.of())));
    var ping = result(only(connector.request("ping", Map.of(), Map.of())));
    var list = result(only(connector.request("tools/list", Map.of(), Map.of())));
    var unknown = only(connector.request("resources/list", Map.of(), Map.of()));

    assertThat(init).containsKeys("protocolVersion", "capabilities", "serverInfo");
    assertThat(ping).isEmpty();
    var tools = (List<Map<String, Object>>) list.get("tools");
    assertThat(tools).singleElement().satisfies(t -> {
      assertThat(t).containsEntry("name", "getInvoice").containsEntry("annotations", Map.of("readOnlyHint", true));
      var properties = (Map<String, Map<String, Object>>) ((Map<String, Object>) t.get("inputSchema")).get("properties");
      assertThat(properties.get("X-Request-Id")).doesNotContainKey("in");
    });
    assertThat(errorMessage(unknown)).contains("method not found");
  }

  @Test
  void rejectsInconsistentDeclarations() {
    assertThatThrownBy(() -> HttpTool.declare("bad tool", "", "TRACE", "/x/{id}/../y",
        Map.of("properties", Map.of("q", Map.of("in", "path"))), null))
        .isInstanceOfSatisfying(ConnectorConfigException.class, e -> assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(3))
        .hasMessageContaining("name must be").hasMessageContaining("method must be").hasMessageContaining("'..'");
    assertThatThrownBy(() -> HttpConnectorConfig.of("billing", java.net.URI.create("https://user:pw@api.example/"), List.of()))
        .hasMessageContaining("user info").hasMessageNotContaining("pw");
  }
}
