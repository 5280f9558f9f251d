package dev.portcullis.connect.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiToolsTest {
  private static final String BILLING = """
      openapi: 3.1.0
      info: {title: Billing, version: "1"}
      paths:
        /invoices/{id}:
          parameters:
            - $ref: '#/components/parameters/InvoiceId'
          get:
            operationId: getInvoice
            summary: Read an invoice
            parameters:
              - {name: expand, in: query, schema: {type: string}}
            responses: {"200": {description: ok}}
          delete:
            operationId: deleteInvoice
            responses: {"204": {description: gone}}
        /invoices:
          post:
            operationId: createInvoice
            description: Creates an invoice for a customer.
            parameters:
              - {name: Idempotency-Key, in: header, required: true, schema: {type: string}}
            requestBody:
              required: true
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/NewInvoice'}
            responses: {"201": {description: created}}
        /trees:
          get:
            operationId: getTree
            responses: {"200": {description: ok}}
            parameters:
              - {name: filter, in: query, schema: {$ref: '#/components/schemas/Node'}}
        /session:
          get:
            operationId: getSession
            parameters:
              - {name: sid, in: cookie, schema: {type: string}}
            responses: {"200": {description: ok}}
      components:
        parameters:
          InvoiceId: {name: id, in: path, required: true, description: The invoice number, schema: {type: string}}
        schemas:
          Money: {type: object, properties: {amount: {type: number}, currency: {type: string}}, required: [amount]}
          NewInvoice:
            type: object
            properties:
              customer: {type: string}
              total: {$ref: '#/components/schemas/Money'}
            required: [customer]
          Node:
            type: object
            properties:
              children: {type: array, items: {$ref: '#/components/schemas/Node'}}
      """;

  @Test
  @SuppressWarnings("unchecked")
  void selectedOperationsBecomeToolsWithParametersAndBodyInTheirSchema() {
    List<HttpTool> tools = OpenApiTools.parse(BILLING).select(List.of("getInvoice", "createInvoice"));

    assertThat(tools).extracting(HttpTool::name).containsExactly("getInvoice", "createInvoice");
    HttpTool get = tools.get(0);
    assertThat(get.method()).isEqualTo("GET");
    assertThat(get.path()).isEqualTo("/invoices/{id}");
    assertThat(get.description()).isEqualTo("Read an invoice");
    assertThat(get.annotations()).containsEntry("readOnlyHint", true);
    assertThat(get.locations()).containsEntry("id", ParameterLocation.PATH).containsEntry("expand", ParameterLocation.QUERY);
    var getProps = (Map<String, Object>) get.inputSchema().get("properties");
    assertThat(getProps.get("id")).isEqualTo(Map.of("type", "string", "description", "The invoice number"));
    assertThat(get.inputSchema().get("required")).isEqualTo(List.of("id"));

    HttpTool post = tools.get(1);
    assertThat(post.annotations()).containsEntry("readOnlyHint", false);
    assertThat(post.locations()).containsEntry("Idempotency-Key", ParameterLocation.HEADER)
        .containsEntry("customer", ParameterLocation.BODY).containsEntry("total", ParameterLocation.BODY);
    var postProps = (Map<String, Object>) post.inputSchema().get("properties");
    assertThat((Map<String, Object>) postProps.get("total")).containsEntry("type", "object").containsKey("properties");
    assertThat(post.inputSchema().get("required")).isEqualTo(List.of("Idempotency-Key", "customer"));
  }

  @Test
  void unknownOperationIdsAreAConfigErrorNamingThem() {
    var api = OpenApiTools.parse(BILLING);

    assertThatThrownBy(() -> api.select(List.of("getInvoice", "listInvoices", "payInvoice")))
        .isInstanceOf(ConnectorConfigException.class)
        .hasMessageContaining("unknown operation ids: listInvoices, payInvoice");
  }

  @Test
  void cyclicReferencesAndCookieParametersAreRefusedWhenSelected() {
    var api = OpenApiTools.parse(BILLING);

    assertThat(api.operationIds()).contains("getTree", "getSession");
    assertThat(api.candidates()).extracting(HttpTool::name).doesNotContain("getTree", "getSession");
    assertThatThrownBy(() -> api.select(List.of("getTree", "getSession")))
        .isInstanceOfSatisfying(ConnectorConfigException.class, e -> assertThat(e.problems()).hasSize(2))
        .hasMessageContaining("$ref #/components/schemas/Node is cyclic")
        .hasMessageContaining("cookie parameter 'sid'");
  }

  @Test
  void readsJsonDocumentsToo() {
    String json = """
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
         "paths": {"/ping": {"get": {"operationId": "ping", "responses": {"200": {"description": "ok"}}}}}}
        """;

    assertThat(OpenApiTools.parse(json).select(List.of("ping"))).singleElement()
        .satisfies(t -> assertThat(t.path()).isEqualTo("/ping"));
  }

  @Test
  void refusesExternalReferences() {
    String doc = """
        openapi: 3.0.3
        paths:
          /x:
            get:
              operationId: getX
              parameters: [{name: q, in: query, schema: {$ref: 'https://evil.example/schema.json'}}]
        """;

    assertThatThrownBy(() -> OpenApiTools.parse(doc).select(List.of("getX")))
        .hasMessageContaining("points outside the document");
  }

  @Test
  void refusesParametersWithoutNameOrLocation() {
    String doc = """
        openapi: 3.0.3
        paths:
          /x:
            get:
              operationId: getX
              parameters: [{in: query, schema: {type: string}}]
          /y:
            get:
              operationId: getY
              parameters: [{name: q, in: body}]
        """;
    var api = OpenApiTools.parse(doc);

    assertThatThrownBy(() -> api.select(List.of("getX", "getY")))
        .hasMessageContaining("a parameter has no name").hasMessageContaining("parameter 'q' has no valid 'in'");
  }

  @Test
  void refusesOtherVersionsAndDuplicateKeys() {
    assertThatThrownBy(() -> OpenApiTools.parse("swagger: '2.0'\npaths: {}\n")).hasMessageContaining("only OpenAPI 3.0 and 3.1");
    assertThatThrownBy(() -> OpenApiTools.parse("openapi: 3.0.0\nopenapi: 3.1.0\n")).hasMessageContaining("not valid YAML or JSON");
  }

  @Test
  void selectedToolsDriveAConnector() {
    var tools = OpenApiTools.parse(BILLING).select(List.of("deleteInvoice"));

    assertThat(tools.getFirst().annotations()).containsEntry("destructiveHint", true);
    assertThat(HttpConnectorConfig.of("billing", java.net.URI.create("https://billing.example/api"), tools).tools()).hasSize(1);
  }
}
