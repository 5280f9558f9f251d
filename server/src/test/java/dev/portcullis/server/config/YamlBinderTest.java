package dev.portcullis.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.server.config.TestConfigs.Gateway;
import dev.portcullis.server.config.TestConfigs.Limits;
import dev.portcullis.server.config.TestConfigs.Mode;
import dev.portcullis.server.config.TestConfigs.Unsupported;
import dev.portcullis.server.config.TestConfigs.Upstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlBinderTest {
  private final YamlBinder binder = new YamlBinder();

  @Test
  void bind_everySupportedType_inKebabCase() {
    Gateway gateway = binder.bind("/etc/portcullis/gateway.yaml", """
        name: edge
        port: 8443
        workers: 16
        debug: true
        max-body-bytes: 10485760
        ratio: 0.25
        timeout: 30s
        data-dir: data/state
        mode: require-approval
        token: ${env:EDGE_TOKEN}
        labels:
          team: payments
          env: prod
        """, Gateway.class);

    assertThat(gateway.name()).isEqualTo("edge");
    assertThat(gateway.port()).isEqualTo(8443);
    assertThat(gateway.workers()).isEqualTo(16);
    assertThat(gateway.debug()).isTrue();
    assertThat(gateway.maxBodyBytes()).isEqualTo(10_485_760L);
    assertThat(gateway.ratio()).isEqualTo(0.25);
    assertThat(gateway.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(gateway.dataDir()).isEqualTo(Path.of("/etc/portcullis/data/state"));
    assertThat(gateway.mode()).isEqualTo(Mode.REQUIRE_APPROVAL);
    assertThat(gateway.token()).isEqualTo(Secret.env("EDGE_TOKEN"));
    assertThat(gateway.labels()).containsExactly(Map.entry("team", "payments"), Map.entry("env", "prod"));
  }

  @Test
  void bind_missingKeys_bindNullAndRecordDefaultsApply() {
    Gateway gateway = binder.bind("g.yaml", "name: edge\n", Gateway.class);

    assertThat(gateway.workers()).isEqualTo(4);
    assertThat(gateway.port()).isZero();
    assertThat(gateway.debug()).isFalse();
    assertThat(gateway.maxBodyBytes()).isNull();
    assertThat(gateway.timeout()).isNull();
    assertThat(gateway.upstreams()).isNull();
    assertThat(gateway.limits()).isNull();
  }

  @Test
  void bind_durations_inEveryUnit() {
    Limits limits = binder.bind("l.yaml", """
        per-tool:
          a: 500ms
          b: 30s
          c: 5m
          d: 1h
          e: 2d
        """, Limits.class);

    assertThat(limits.perTool()).containsExactly(
        Map.entry("a", Duration.ofMillis(500)), Map.entry("b", Duration.ofSeconds(30)),
        Map.entry("c", Duration.ofMinutes(5)), Map.entry("d", Duration.ofHours(1)), Map.entry("e", Duration.ofDays(2)));
  }

  @Test
  void bind_nestedListsOfRecords() {
    Gateway gateway = binder.bind("g.yaml", """
        name: edge
        upstreams:
          - name: github
            base-url: https://api.github.com
            tools: [search, get_issue]
            timeout: 10s
          - name: fs
            api-key: ${file:secrets/fs.key}
        limits:
          modes: [allow, deny]
        """, Gateway.class);

    assertThat(gateway.upstreams()).containsExactly(
        new Upstream("github", "https://api.github.com", List.of("search", "get_issue"), Duration.ofSeconds(10), null),
        new Upstream("fs", null, null, null, Secret.file(Path.of("secrets/fs.key").toAbsolutePath())));
    assertThat(gateway.limits().modes()).containsExactly(Mode.ALLOW, Mode.DENY);
  }

  @Test
  void bind_file_resolvesRelativePathsAgainstItsDirectory(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("conf").resolve("gateway.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "name: edge\ndata-dir: ../state\nupstreams:\n  - name: a\n    api-key: ${file:keys/a}\n");

    Gateway gateway = binder.bind(config, Gateway.class);

    assertThat(gateway.dataDir()).isEqualTo(dir.resolve("state"));
    assertThat(gateway.upstreams().getFirst().apiKey()).isEqualTo(Secret.file(dir.resolve("conf/keys/a")));
  }

  @Test
  void bind_absolutePath_isKept() {
    Gateway gateway = binder.bind("conf/g.yaml", "name: x\ndata-dir: /var/lib/portcullis\n", Gateway.class);

    assertThat(gateway.dataDir()).isEqualTo(Path.of("/var/lib/portcullis"));
  }

  @Test
  void bind_boundCollections_areUnmodifiable() {
    Gateway gateway = binder.bind("g.yaml", "name: x\nlabels: {a: b}\nupstreams: [{name: u}]\n", Gateway.class);

    assertThatThrownBy(() -> gateway.labels().put("c", "d")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> gateway.upstreams().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void bind_yamlNumberForms_ofTheCoreSchema() {
    Gateway gateway = binder.bind("g.yaml", "name: 42\nport: 0x1F90\nmax-body-bytes: +7\nratio: 1\ndebug: True\n",
        Gateway.class);

    assertThat(gateway.name()).isEqualTo("42");
    assertThat(gateway.port()).isEqualTo(8080);
    assertThat(gateway.maxBodyBytes()).isEqualTo(7L);
    assertThat(gateway.ratio()).isEqualTo(1.0);
    assertThat(gateway.debug()).isTrue();
  }

  @Test
  void bind_unsupportedComponentType_isAProgrammingError() {
    assertThatThrownBy(() -> binder.bind("u.yaml", "", Unsupported.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.Set<java.lang.String>")
        .hasMessageContaining("Unsupported.names");
  }

  @Test
  void keys_areKebabCase() {
    assertThat(Names.key("maxBodyBytes")).isEqualTo("max-body-bytes");
    assertThat(Names.key("baseURL")).isEqualTo("base-url");
    assertThat(Names.key("tlsCAFile")).isEqualTo("tls-ca-file");
    assertThat(Names.key("oauth2Issuer")).isEqualTo("oauth2-issuer");
    assertThat(Names.key("name")).isEqualTo("name");
    assertThat(Names.constant(Mode.REQUIRE_APPROVAL)).isEqualTo("require-approval");
  }

  /** A record with a free-form part, as connector declarations carry JSON Schemas. */
  record WithSchema(String name, Object schema) {}

  @Test
  void bind_freeFormObject_keepsMappingsListsAndTypedScalars() {
    WithSchema bound = binder.bind("c.yaml", """
        name: invoice
        schema:
          type: object
          properties:
            id: {type: string, maxLength: 12}
            limit: {type: integer, minimum: 1, multipleOf: 0.5}
          required: [id]
          additionalProperties: false
          default: ~
        """, WithSchema.class);

    @SuppressWarnings("unchecked")
    var schema = (Map<String, Object>) bound.schema();
    assertThat(schema).containsEntry("type", "object").containsEntry("additionalProperties", false)
        .containsEntry("required", List.of("id")).containsKey("default");
    assertThat(schema.get("default")).isNull();
    @SuppressWarnings("unchecked")
    var limit = (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get("limit");
    assertThat(limit).containsEntry("minimum", 1L).containsEntry("multipleOf", 0.5);
  }

  @Test
  void bind_freeFormObject_reportsDuplicateKeysWithPosition() {
    assertThatThrownBy(() -> binder.bind("c.yaml", """
        name: invoice
        schema:
          type: object
          type: string
        """, WithSchema.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml:4")
        .hasMessageContaining("duplicate key 'type'");
  }
}
