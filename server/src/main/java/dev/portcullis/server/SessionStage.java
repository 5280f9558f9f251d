package dev.portcullis.server;

import dev.portcullis.core.Exchange;
import dev.portcullis.core.GatewayError;
import dev.portcullis.core.GatewayException;
import dev.portcullis.core.Outcome;
import dev.portcullis.core.Stage;

/**
 * Binds stateful-revision sessions to the agent (after authentication): a session opened by one
 * agent cannot be used by another, even with a valid token of its own. Stateless-revision
 * requests carry no session and pass.
 */
final class SessionStage implements Stage {
  private final Sessions sessions;

  SessionStage(Sessions sessions) { this.sessions = sessions; }

  @Override
  public String name() { return "session"; }

  @Override
  public Outcome apply(Exchange exchange, Chain chain) {
    var request = exchange.request();
    if (request.sessionId() != null) {
      var session = sessions.find(request.server(), request.sessionId())
          .orElseThrow(() -> new GatewayException(new GatewayError.SessionNotFound("session not found or expired; initialize again")));
      if (!session.agentId().equals(exchange.principal().agentId())) {
        throw new GatewayException(new GatewayError.SessionNotFound("session not found or expired; initialize again"));
      }
      exchange.session().put("id", session.id());
    }
    return chain.proceed(exchange);
  }
}
