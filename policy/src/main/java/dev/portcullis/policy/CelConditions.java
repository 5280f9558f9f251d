package dev.portcullis.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment rule conditions are written in: the variables policy sees, their types, and
 * the compiler and runtime built once for all rules.
 *
 * <p>{@code agent}, {@code tool} and {@code flow} are declared as struct types with a fixed set of
 * fields, so the type checker rejects a misspelt field ({@code agent.ownr},
 * {@code tool.consequentail}) at load. No protobuf message backs them: at run time their values are
 * plain maps, which CEL's field selection reads by key.
 */
final class CelConditions {
  static final String AGENT_TYPE = "portcullis.Agent";
  static final String TOOL_TYPE = "portcullis.Tool";
  static final String FLOW_TYPE = "portcullis.Flow";
  static final String DELEGATION_TYPE = "portcullis.Delegation";
  static final String NOT_BOOL = "condition gave a ";

  private static final MapType STRING_MAP = MapType.create(SimpleType.STRING, SimpleType.STRING);
  private static final MapType DYN_MAP = MapType.create(SimpleType.STRING, SimpleType.DYN);
  private static final ListType STRING_LIST = ListType.create(SimpleType.STRING);

  static final StructType AGENT = StructType.create(AGENT_TYPE, ImmutableSet.of("id", "subject", "owner", "labels"),
      field -> switch (field) {
        case "id", "subject", "owner" -> Optional.of(SimpleType.STRING);
        case "labels" -> Optional.of(STRING_MAP);
        default -> Optional.empty();
      });

  static final StructType TOOL = StructType.create(TOOL_TYPE, ImmutableSet.of("name", "upstream", "upstreamName", "annotations",
          "consequential", "source", "confidentiality", "receives"),
      field -> switch (field) {
        case "name", "upstream", "upstreamName", "source", "confidentiality" -> Optional.of(SimpleType.STRING);
        case "annotations" -> Optional.of(DYN_MAP);
        case "consequential" -> Optional.of(SimpleType.BOOL);
        case "receives" -> Optional.of(STRING_LIST);
        default -> Optional.empty();
      });

  static final StructType FLOW = StructType.create(FLOW_TYPE, ImmutableSet.of("untrusted_args", "untrusted_guarded_args",
          "arg_labels", "labels"),
      field -> switch (field) {
        case "untrusted_args", "untrusted_guarded_args", "labels" -> Optional.of(STRING_LIST);
        case "arg_labels" -> Optional.of(MapType.create(SimpleType.STRING, STRING_LIST));
        default -> Optional.empty();
      });

  /**
   * The user's delegation the call is made under: {@code delegated} is false (and the rest empty)
   * for an agent acting on its own. {@code agents} and {@code subjects} list the chain, the caller
   * first; {@code tools} are the tools the task grant covers.
   */
  static final StructType DELEGATION = StructType.create(DELEGATION_TYPE, ImmutableSet.of("delegated", "user", "user_issuer",
          "agents", "subjects", "depth", "txn", "task", "tools"),
      field -> switch (field) {
        case "delegated" -> Optional.of(SimpleType.BOOL);
        case "user", "user_issuer", "txn", "task" -> Optional.of(SimpleType.STRING);
        case "agents", "subjects", "tools" -> Optional.of(STRING_LIST);
        case "depth" -> Optional.of(SimpleType.INT);
        default -> Optional.empty();
      });

  private static final CelOptions OPTIONS = CelOptions.current()
      .enableHeterogeneousNumericComparisons(true)
      .comprehensionMaxIterations(10_000)
      .build();

  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setOptions(OPTIONS)
      .setTypeProvider(new Types())
      .addVar("agent", AGENT)
      .addVar("tool", TOOL)
      .addVar("flow", FLOW)
      .addVar("delegation", DELEGATION)
      .addVar("args", DYN_MAP)
      .addVar("session", DYN_MAP)
      .addVar("method", SimpleType.STRING)
      .addVar("now", SimpleType.TIMESTAMP)
      .setResultType(SimpleType.BOOL)
      .build();

  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private CelConditions() {}

  /** A compiled condition, or the issues that stopped it. */
  record Compiled(CelRuntime.Program program, List<Issue> issues) {}

  /**
   * One compile issue.
   *
   * @param line    1-based line within the expression
   * @param column  0-based column within that line
   * @param message what the compiler said
   */
  record Issue(int line, int column, String message) {}

  /** Parses, type-checks and plans an expression of type bool. */
  static Compiled compile(String expression) {
    try {
      var ast = COMPILER.compile(expression).getAst();
      return new Compiled(RUNTIME.createProgram(ast), List.of());
    } catch (CelValidationException e) {
      List<Issue> issues = e.getErrors().stream()
          .filter(i -> i.getSeverity() == CelIssue.Severity.ERROR)
          .map(i -> new Issue(Math.max(1, i.getSourceLocation().getLine()), Math.max(0, i.getSourceLocation().getColumn()),
              i.getMessage()))
          .toList();
      return new Compiled(null, issues.isEmpty() ? List.of(new Issue(1, 0, e.getMessage())) : issues);
    } catch (RuntimeException | dev.cel.common.CelException e) {
      return new Compiled(null, List.of(new Issue(1, 0, "cannot compile: " + e.getMessage())));
    }
  }

  /** Evaluates a condition; a non-boolean result is an evaluation error. */
  static boolean evaluate(CelRuntime.Program program, PolicyVariables variables) throws CelEvaluationException {
    Object result = program.eval(variables);
    if (result instanceof Boolean b) return b;
    throw new CelEvaluationException(NOT_BOOL + (result == null ? "null" : typeName(result)) + ", not a bool");
  }

  private static String typeName(Object value) {
    return switch (value) {
      case String s -> "string";
      case Long l -> "int";
      case Double d -> "double";
      case Map<?, ?> m -> "map";
      case List<?> l -> "list";
      default -> value.getClass().getSimpleName();
    };
  }

  /** The struct types the checker resolves by name. */
  private static final class Types implements CelTypeProvider {
    @Override
    public ImmutableCollection<CelType> types() { return ImmutableList.of(AGENT, TOOL, FLOW, DELEGATION); }

    @Override
    public Optional<CelType> findType(String name) {
      return switch (name) {
        case AGENT_TYPE -> Optional.of(AGENT);
        case TOOL_TYPE -> Optional.of(TOOL);
        case FLOW_TYPE -> Optional.of(FLOW);
        case DELEGATION_TYPE -> Optional.of(DELEGATION);
        default -> Optional.empty();
      };
    }
  }
}
