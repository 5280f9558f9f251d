package dev.portcullis.oversight;

import dev.portcullis.core.state.KillSwitch;
import dev.portcullis.core.state.SwitchRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kill switches kept in a map, as a store would keep them. */
final class InMemorySwitchRepository implements SwitchRepository {
  private final Map<String, KillSwitch> switches = new LinkedHashMap<>();

  @Override
  public synchronized void engage(KillSwitch killSwitch) { switches.put(key(killSwitch.scope(), killSwitch.target()), killSwitch); }

  @Override
  public synchronized boolean release(String scope, String target) { return switches.remove(key(scope, target)) != null; }

  @Override
  public synchronized List<KillSwitch> list() { return new ArrayList<>(switches.values()); }

  private static String key(String scope, String target) { return scope + "\u0000" + target; }
}
