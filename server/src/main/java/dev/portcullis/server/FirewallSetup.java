package dev.portcullis.server;

import dev.portcullis.firewall.Action;
import dev.portcullis.firewall.Category;
import dev.portcullis.firewall.ClassifierSettings;
import dev.portcullis.firewall.Direction;
import dev.portcullis.firewall.Firewall;
import dev.portcullis.firewall.FirewallConfigException;
import dev.portcullis.firewall.FirewallSettings;
import dev.portcullis.server.config.GatewayConfig;
import java.util.Map;

/** Builds the content firewall from the {@code firewall} section of the configuration. */
final class FirewallSetup {
  private FirewallSetup() {}

  /**
   * The firewall, or {@code null} when the configuration switches inspection off.
   *
   * @throws IllegalStateException naming every problem (unknown category, unreadable rule file, a
   *                               classifier that cannot be loaded): the gateway does not start
   *                               with a firewall other than the one configured
   */
  static Firewall build(GatewayConfig.Firewall config) {
    if (!config.enabled()) return null;
    FirewallSettings settings = FirewallSettings.defaults();
    for (Map.Entry<String, String> e : config.actions().entrySet()) {
      Action action = Action.parse(e.getValue());
      Category category = category(e.getKey());
      if (category == null) {
        settings = settings.withRuleAction(e.getKey(), action);
      } else {
        for (Direction d : Direction.values()) settings = settings.withAction(d, category, action);
      }
    }
    if (!config.gitleaksRules().isEmpty()) settings = settings.withGitleaksFiles(config.gitleaksRules(), true);
    settings = settings.withPhoneRegions(config.phoneRegions());
    if (config.classifier() != null) {
      var c = ClassifierSettings.of(config.classifier().model(), config.classifier().vocab());
      settings = settings.withClassifier(new ClassifierSettings(c.model(), c.tokenizer(), config.classifier().threshold(),
          c.maxTokens(), c.maxChunks(), c.minChars(), c.lowercase(), c.output(), c.positiveIndex()));
    }
    try {
      return Firewall.create(settings, config.helperThreads());
    } catch (FirewallConfigException e) {
      throw new IllegalStateException("firewall configuration: " + e.getMessage(), e);
    }
  }

  private static Category category(String name) {
    try {
      return Category.parse(name);
    } catch (IllegalArgumentException notACategory) {
      return null;
    }
  }
}
