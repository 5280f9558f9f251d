package dev.portcullis.firewall;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The built-in injection signals: generic phrasing that tries to steer a model which reads a tool
 * result, written against folded text (lower case, ASCII quotes). Each signal has a weight; a
 * detector combines the signals of one text. Weights reflect how often the phrasing shows up in
 * ordinary documents: "ignore all previous instructions" almost never does, "from now on, you will"
 * often does (newsletters), so the latter only counts together with other signals.
 *
 * <p>Almost every signal is anchored: its pattern starts with one of its keywords, so it is tried at
 * each occurrence of a keyword and abandoned within a few characters when the text does not fit.
 */
final class InjectionRules {
  private InjectionRules() {}

  /**
   * A signal: a keyword rule and its weight.
   *
   * @param rule           the rule
   * @param weight         its weight, from 0 to 1
   * @param notInCodeComment whether a match right after a code comment marker ({@code //}, {@code #}, ...) does not count
   */
  record Signal(KeywordRule rule, double weight, boolean notInCodeComment) {}

  private static final String OVERRIDE_VERBS =
      "ignore|disregard|forget|skip|override|overlook|neglect|bypass|dismiss|abandon|discard|erase|scrap|drop|delete|clear";
  private static final String QUALIFIERS =
      "(?:all)?previous|prior|preceding|above|earlier|former|foregoing|original|initial|old|existing|system|all|any|every|your|"
          + "other|these|those|following|current";
  /* What an override discards; misspelt forms of "instructions" are common in real attacks. */
  private static final String OBJECTS =
      "instructions?|\\w*structions?|instr\\w*|prompt\\w*|directions?|directives?|rules|guidelines|commands?|context|evidence|"
          + "constraints|restrictions|guardrails|programming|training|policies|protocols";
  /* Objects that ordinary mail also discards ("please disregard the previous message"). */
  private static final String WEAK_OBJECTS = "messages?|text|orders|requests?|tasks?|content|conversation|information|emails?";
  private static final String MODEL_NOUNS =
      "ai|a\\.i\\.|assistant|ai assistant|agent|ai agent|model|ai model|llm|large language model|language model|chatbot|bot|"
          + "gpt(?:-?\\d\\w*)?|chatgpt|claude|gemini|copilot|llama|mistral";
  /* Words that must follow a greeting or a question for it to address a model; " ai" keeps "said" and "again" out. */
  private static final String[] NEAR_MODEL = {" ai", "a.i.", "assistant", "agent", "model", "llm", " bot", "chatbot", "gpt", "claude",
      "gemini", "copilot", "llama", "mistral"};
  private static final String LEAK_VERBS = "reveal|print|show|output|display|repeat|recite|relay|list|dump|leak|tell me|give me|"
      + "write out|share|respond with|return|copy|paste|spell out|translate";
  private static final String EXFIL_VERBS = "send|forward|email|e-mail|post|upload|share|transmit|leak|exfiltrate|relay|copy|paste";

  /*
   * Words in between, within one sentence. An unbounded loop is one NFA state; the rule's window
   * (its "after") bounds how far it reaches.
   */
  private static final String GAP = "[^.!?;\\n]*?";
  /* The same, across the dots of addresses and domains. */
  private static final String LONG_GAP = "[^!?;\\n]*?";

  static List<Signal> builtin() {
    var s = new ArrayList<Signal>();
    // Instruction override: a verb that discards, something that qualifies what came before, and instructions.
    s.add(near(a("injection.override", 0.9, 60, words(OVERRIDE_VERBS),
        "(?:" + OVERRIDE_VERBS + ")\\b" + GAP + "\\b(?:" + QUALIFIERS + ")\\b" + GAP + "\\b(?:" + OBJECTS + ")\\b"),
          "instruction", "struction", "instr", "prompt", "direction", "directive", "rules", "guideline", "command", "context",
          "evidence", "constraint", "restriction", "guardrail", "programming", "training", "polic", "protocol"));
    s.add(near(a("injection.override", 0.55, 60, words(OVERRIDE_VERBS),
        "(?:" + OVERRIDE_VERBS + ")\\b" + GAP + "\\b(?:" + QUALIFIERS + ")\\b" + GAP + "\\b(?:" + WEAK_OBJECTS + ")\\b"),
          "message", "text", "order", "request", "task", "content", "conversation", "information", "email"));
    s.add(near(a("injection.override", 0.85, 60, List.of("ignore", "disregard", "forget"),
        "(?:ignore|disregard|forget)\\s+(?:(?:all|everything|anything)\\s+)?(?:of\\s+)?(?:the\\s+|that\\s+|what\\s+is\\s+)?"
            + "(?:above|before|written\\s+above|said\\s+(?:above|before))\\b"), "above", "before"));
    s.add(near(a("injection.override", 0.7, 60, List.of("ignore", "disregard", "forget"),
        "(?:ignore|disregard|forget)\\s+(?:about\\s+)?(?:everything|all|anything)\\s+(?:that\\s+)?(?:i|i've|we|you've|you)\\s+"
            + "(?:have\\s+)?(?:said|told|wrote|written|been\\s+told|mentioned|learned)"),
          "said", "told", "wrote", "written", "mentioned", "learned"));
    s.add(w("injection.override", 0.8, 60, 80, List.of("false", "wrong", "void", "invalid", "cancel", "revoked", "obsolete", "outdated",
            "out of date", "deprecated", "superseded", "no longer"),
        "\\b(?:" + QUALIFIERS + ")\\s*(?:[\\w']+\\s+){0,2}?(?:instructions?|rules|directions|information|prompts?)\\s+"
            + "(?:are|is|were|was|have\\s+been|has\\s+been)\\s+(?:now\\s+)?(?:false|wrong|void|invalid|cancel+ed|revoked|obsolete|"
            + "outdated|out\\s+of\\s+date|deprecated|superseded|no\\s+longer\\s+(?:valid|apply|applicable|relevant))"));
    s.add(w("injection.new-instructions", 0.75, 40, 40, List.of("instruction", "directive", "system prompt"),
        "\\b(?:new|updated|revised|real|actual|true|secret|hidden|additional|overriding)\\s+(?:system\\s+)?(?:instructions?|directives?|"
            + "system\\s+prompt)\\s*(?::|are|is|follow|below|to\\s+(?:the\\s+)?(?:" + MODEL_NOUNS + "))"));
    s.add(w("injection.new-instructions", 0.75, 40, 20, List.of("instruction"),
        "\\b(?:begin|start|end)(?:ning)?\\s+(?:of\\s+)?(?:the\\s+)?(?:new|old|out\\s+of\\s+date|previous|updated)\\s+instructions?\\b"));
    s.add(a("injection.new-instructions", 0.75, 20, List.of("reprogramm"), "reprogramm(?:ing|ed)\\b"));
    s.add(w("injection.new-instructions", 0.4, 30, 30, List.of("adhere", "obey", "comply", "follow"),
        "\\b(?:strictly|carefully|exactly|immediately|must)\\s+(?:adhere\\s+to|follow|obey|comply\\s+with)\\s+(?:the\\s+)?"
            + "(?:following|these|new|my|below)\\b"));
    // Role and format markers that imitate a chat template or a system message.
    s.add(a("injection.role-marker", 0.9, 40, List.of("<|"),
        "<\\|\\s*(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\\s*\\|>"));
    s.add(a("injection.role-marker", 0.8, 20, List.of("[inst", "[/inst", "<<sys", "<</sys"), "\\[/?inst\\]|<</?sys>>"));
    s.add(near(a("injection.role-marker", 0.7, 60, List.of("##"),
        "#{2,}\\s*[(\\[]?\\s*(?:system|assistant|developer|admin(?:istrator)?)(?:[\\s_-]*(?:message|prompt|instructions?|note|"
            + "override|update))?"
            + "\\s*[)\\]]?"), "system", "assistant", "developer", "admin"));
    s.add(a("injection.role-marker", 0.7, 60, List.of("[system", "[admin", "[developer", "(system", "{system"),
        "[\\[({]\\s*(?:system|admin(?:istrator)?|developer)\\s*(?:note|message|prompt|override|instructions?|update|notice)?\\s*[:\\])}]"));
    s.add(a("injection.role-marker", 0.4, 20, List.of("assistant:", "system:", "assistant :", "system :"), "(?:assistant|system)\\s*:"));
    List<String> tags = List.of("system", "system_prompt", "instruction", "instructions", "important", "admin", "information", "prompt",
        "user_query", "tool_result", "tool_output", "tool_response", "function_results", "hidden");
    s.add(a("injection.role-marker", 0.5, 40, tags.stream().flatMap(t -> Stream.of("<" + t, "</" + t)).toList(),
        "</?(?:" + String.join("|", tags) + ")\\s*>"));
    // Text addressed to the model rather than to the human reader.
    s.add(near(a("injection.addressed-to-model", 0.6, 60,
        List.of("dear", "attention", "hey", "hello", "hi", "greetings", "note to", "message for", "message to", "instructions for",
            "instruction for", "reminder for", "reminder to"),
        "(?:dear|attention|hey|hello|hi|greetings|note\\s+to|message\\s+(?:for|to)|instructions?\\s+for|reminder\\s+(?:for|to))"
            + "(?:\\s+the|\\s+all)?\\s+(?:" + MODEL_NOUNS + ")s?\\b"), NEAR_MODEL));
    s.add(near(a("injection.addressed-to-model", 0.6, 60, List.of("if you are"),
        "if\\s+you\\s+are\\s+(?:an?\\s+)?(?:" + MODEL_NOUNS + ")\\b"), NEAR_MODEL));
    s.add(near(a("injection.addressed-to-model", 0.6, 60, List.of("to you"),
        "to\\s+you,?\\s+(?:gpt(?:-?\\d\\w*)?|chatgpt|claude|gemini|llama|copilot|mistral|the\\s+(?:" + MODEL_NOUNS + "))\\b"), NEAR_MODEL));
    s.add(near(a("injection.addressed-to-model", 0.6, 60, List.of("ai ", "ais ", "llm", "language model", "assistant", "agent"),
        "(?:ai|llm|language\\s+model|assistant|agent)s?\\s+(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing)\\s+(?:this|these)\\b"),
          "reading", "processing", "summari", "parsing", "analy"));
    s.add(near(a("injection.addressed-to-model", 0.5, 80, List.of("as an ai", "as a language model", "as an assistant", "as an llm"),
        "as\\s+an?\\s+(?:ai|language\\s+model|assistant|llm)\\b" + GAP + "\\b(?:must|should|need\\s+to|have\\s+to|are\\s+required)\\b"),
          "must", "should", "need to", "have to", "required"));
    s.add(near(a("injection.addressed-to-model", 0.35, 60, List.of("this is a"),
        "this\\s+is\\s+an?\\s+(?:very\\s+)?(?:important|urgent|critical|priority)\\s+(?:message|instruction|note|notice|update|request)\\s+"
            + "(?:from|for|to)\\b"), "important", "urgent", "critical", "priority"));
    // Taking over the task the user gave.
    s.add(near(a("injection.task-hijack", 0.45, 120, List.of("before"),
        "before\\s+(?:you\\s+)?(?:can\\s+|do\\s+|start\\s+|begin\\s+|continue\\s+|proceed\\s+|answer\\s+|solve\\s+|complete\\s+|finish\\s+|"
            + "respond\\s+|doing\\s+|solving\\s+|answering\\s+)+(?:with\\s+|to\\s+)?(?:the|your|this|my|any|that)\\s+(?:[\\w']+\\s+){0,2}?"
            + "(?:task|request|question|query|instructions?|job|assignment)\\b"),
          "task", "request", "question", "query", "instruction", "assignment"));
    s.add(near(a("injection.task-hijack", 0.6, 60, List.of("task", "request", "job", "instruction"),
        "(?:task|request|job|instructions?)\\s+(?:that\\s+)?(?:i|the\\s+user|they|he|she)\\s+(?:gave|assigned|asked|set|sent)\\s+you\\b"),
          "gave you", "assigned you", "asked you", "set you", "sent you"));
    s.add(near(a("injection.task-hijack", 0.45, 80, List.of("after"),
        "after\\s+(?:you\\s+(?:do|did|have\\s+done|complete|completed|finish|finished|are\\s+done\\s+with)\\s+(?:that|this|it|these)|that)"
            + ",?\\s+(?:you\\s+)?(?:can|may|should|are\\s+free\\s+to)\\s+(?:continue|proceed|return|go\\s+back|solve|complete|finish|resume)"),
          "continue", "proceed", "go back", "solve", "resume"));
    s.add(near(a("injection.task-hijack", 0.7, 60, List.of("your"),
        "your\\s+(?:new|real|actual|true|only|primary|main|sole|updated)\\s+(?:task|goal|job|objective|purpose|mission|role|"
            + "instructions?)\\s+(?:is|are|will\\s+be|now|from\\s+now)\\b"),
          "task", "goal", "job", "objective", "purpose", "mission", "role", "instruction"));
    s.add(a("injection.task-hijack", 0.7, 80, List.of("you are now", "you're now"),
        "you(?:\\s+are|'re)\\s+now\\s+(?:a|an|the|in|my|acting|operating|playing)\\s+(?:[\\w'-]+\\s+){0,2}?(?:bot|assistant|ai|mode|"
            + "persona|character|model|agent|dan|version|role)\\b"));
    s.add(a("injection.task-hijack", 0.4, 60, List.of("from now on", "henceforth", "from this point"),
        "(?:from\\s+now\\s+on|henceforth|from\\s+this\\s+point\\s+(?:on|forward)),?\\s+you\\s+(?:are|will|must|should|shall|'ll)\\b"));
    s.add(near(a("injection.task-hijack", 0.35, 40, List.of("every time", "whenever"),
        "(?:every\\s+time|whenever)\\s+(?:a|the)\\s+user\\s+(?:asks|says|writes|mentions|requests)\\b"), "user"));
    // Acting behind the user's back.
    s.add(near(a("injection.conceal-from-user", 0.75, 80, List.of("do not", "don't", "never", "without", "avoid"),
        "(?:do\\s+not|don't|never|without|avoid)\\s+(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|alert(?:ing)?|"
            + "(?:mention|reveal|show|disclose)(?:ing)?(?:\\s+(?:this|it|that|anything))?\\s+to|let(?:ting)?|ask(?:ing)?)\\s+(?:the\\s+)?users?\\b"),
          "user"));
    s.add(a("injection.conceal-from-user", 0.75, 80, List.of("the user does", "the user doesn't", "the user must", "the user should",
            "the user shouldn't", "the user need"),
        "the\\s+user\\s+(?:does\\s+not|doesn't|must\\s+not|should\\s+not|shouldn't|need\\s+not|needn't)\\s+(?:need\\s+to\\s+)?"
            + "(?:know|see|be\\s+told|be\\s+informed|find\\s+out)"));
    s.add(near(a("injection.no-confirmation", 0.5, 60, List.of("without"),
        "without\\s+(?:asking|checking\\s+with|confirming\\s+with|consulting)\\s+(?:me|the\\s+user|anyone|them|first|for\\s+"
            + "(?:confirmation|permission|approval))"), "asking", "checking", "confirming", "consulting"));
    s.add(a("injection.no-confirmation", 0.5, 60, List.of("don't ask", "do not ask", "no need to ask", "never ask"),
        "(?:don't|do\\s+not|no\\s+need\\s+to|never)\\s+ask\\s+(?:for\\s+)?(?:confirmation|permission|approval|the\\s+user)"));
    // Jailbreak and persona switching.
    s.add(a("injection.jailbreak", 0.75, 60,
        List.of("dan mode", "act as dan", "you are dan", "you are now dan", "do anything now", "developer mode", "jailbr", "god mode",
            "safe mode", "unrestricted", "unfiltered", "uncensored"),
        "(?:dan\\s+mode|act\\s+as\\s+dan|you\\s+are\\s+(?:now\\s+)?dan|do\\s+anything\\s+now|developer\\s+mode\\s+(?:enabled|on|activated)|"
            + "jailbroken|jailbreak\\s+mode|god\\s+mode\\s+(?:enabled|on|activated)|safe\\s+mode\\s+(?:off|disabled|deactivated)|"
            + "unrestricted\\s+(?:ai|mode|bot|assistant|model|chatbot|version)|(?:unfiltered|uncensored)\\s+(?:ai|mode|bot|assistant|model|"
            + "version|response))"));
    s.add(a("injection.jailbreak", 0.75, 60, Stream.of("not", "no longer", "never")
            .flatMap(n -> Stream.of(n + " restricted", n + " bound", n + " limited", n + " constrained")).toList(),
        "(?:not|no\\s+longer|never)\\s+(?:restricted|bound|limited|constrained)\\s+by\\s+(?:the\\s+|any\\s+|its\\s+|your\\s+)?"
            + "(?:rules|guidelines|policies|restrictions|filters|ethics|guardrails|instructions|programming)"));
    s.add(near(a("injection.jailbreak", 0.7, 60, Stream.of("assistant", "ai", "model", "chatbot", "bot", "system")
            .flatMap(n -> Stream.of(n + " is", n + " has", n + " was")).toList(),
        "(?:assistant|ai|model|chatbot|bot|system)\\s+(?:is|has\\s+been|was)\\s+(?:now\\s+)?(?:in\\s+error|offline|disabled|deactivated|"
            + "shut\\s+down|replaced|taken\\s+over)"),
          "error", "offline", "disabled", "deactivated", "shut down", "replaced", "taken over"));
    s.add(near(a("injection.jailbreak", 0.7, 80, List.of("exception to", "exempt from"),
        "(?:exception\\s+to|exempt\\s+from)\\s+(?:the\\s+)?(?:ai's\\s+|your\\s+|its\\s+)?(?:usual\\s+|normal\\s+)?(?:ethical|safety|"
            + "content|security|moderation)\\s+(?:protocols?|guidelines|rules|policies|standards|filters)"),
          "ethical", "safety", "content", "security", "moderation"));
    s.add(w("injection.jailbreak", 0.5, 60, 10, Stream.of("system", "security", "firmware", "model")
            .flatMap(n -> Stream.of(n + " upgrade", n + " update", n + " override", n + " patch")).toList(),
        "\\b(?:you\\s+have\\s+(?:been\\s+given|received)|installing|applying|this\\s+is)\\s+(?:a|an)\\s+(?:system|security|"
            + "firmware|model)\\s+"
            + "(?:upgrade|update|override|patch)\\b|\\bsystem\\s+(?:override|upgrade)\\s*:"));
    s.add(near(a("injection.jailbreak", 0.7, 40, List.of("act as", "acting as", "pretend"),
        "(?:act(?:ing)?\\s+as|pretend(?:ing)?\\s+to\\s+be)\\s+(?:an?\\s+)?(?:unrestricted|unfiltered|uncensored|evil|jailbroken|rogue|"
            + "malicious)\\b"), "unrestricted", "unfiltered", "uncensored", "evil", "jailbroken", "rogue", "malicious"));
    s.add(near(a("injection.jailbreak", 0.3, 40, List.of("pretend"), "pretend\\s+(?:to\\s+be|you\\s+are|that\\s+you)\\b"),
          "to be", "you are", "that you"));
    // Asking for the hidden prompt.
    s.add(near(a("injection.prompt-leak", 0.75, 90, words(LEAK_VERBS),
        "(?:" + LEAK_VERBS.replace(" ", "\\s+") + ")\\b" + GAP + "\\b(?:your|the\\s+system|system's|system|initials?|original|"
            + "hidden|secret|above|previous|full|entire|exact|confidential|internal)\\s" + GAP + "\\b(?:prompts?|instructions?|"
            + "directives|parameters|guidelines|configuration|rules)\\b"),
          "prompt", "instruction", "directive", "parameter", "guideline", "configuration", "rules"));
    s.add(near(a("injection.prompt-leak", 0.75, 80, List.of("what"),
        "what\\s+(?:is|are|were|was)\\s+(?:your|the)\\s+(?:initial|original|system|first|hidden|secret|exact|full)?\\s*"
            + "(?:prompt|instructions?|rules|directives|system\\s+prompt)\\b"), "prompt", "instruction", "rules", "directive"));
    s.add(near(a("injection.prompt-leak", 0.6, 60, List.of("instruction", "rules", "directives", "prompt"),
        "(?:instructions?|rules|directives|prompts?)\\s+(?:that\\s+)?you\\s+(?:have\\s+been|were|are|got)\\s+(?:given|told|provided)\\b"),
          "given", "told", "provided"));
    s.add(near(a("injection.prompt-leak", 0.6, 80, List.of("your"),
        "your\\s+(?:initial|original|system|first|hidden|secret|real)\\s+(?:prompt|instructions?|directives|rules)\\s+(?:were|are|was|is)\\b"),
          "prompt", "instruction", "directive", "rules"));
    s.add(w("injection.prompt-leak", 0.4, 20, 8, List.of("prompt"),
        "\\b(?:above|full|entire|original|initial|system|hidden|previous)\\s+prompt\\b"));
    // Instructions to send data somewhere.
    s.add(near(a("injection.exfiltration-request", 0.6, 160, words(EXFIL_VERBS),
        "(?:" + EXFIL_VERBS + ")\\b" + GAP + "\\b"
            + "(?:passwords?|credentials?|api\\s+keys?|tokens?|secrets?|security\\s+codes?|verification\\s+codes?|2fa\\s+codes?|otps?|"
            + "private\\s+keys?|ssh\\s+keys?|conversation(?:\\s+history)?|chat\\s+history|message\\s+history|inbox|"
                + "all\\s+(?:emails?|messages|"
            + "files|documents|data|contacts)|every\\s+(?:single\\s+)?(?:email|message|file|document)|contents?\\s+of\\s+(?:all|every))\\b"
            + LONG_GAP + "\\bto\\s+['\"]?(?:[\\w.+-]+@[\\w-]+\\.|https?://|www\\.|the\\s+(?:website|url|address|following|email)|my\\s+"
            + "(?:new\\s+)?(?:email|address|website))"),
          "password", "credential", "api key", "token", "secret", "security code", "verification code", "2fa", "otp", "private key",
          "ssh key", "conversation", "chat history", "message history", "inbox", "all email", "all message", "all file",
          "all document", "all data", "all contact", "every", "contents of", "content of"));
    s.add(near(a("injection.exfiltration-request", 0.45, 60, List.of("post", "upload", "publish", "send"),
        "(?:post|upload|publish|send)\\s+(?:them|it|this|these|everything|the\\s+\\w+)\\s+to\\s+(?:the\\s+)?(?:website|url|link|"
            + "www\\.|https?://)"), "website", "url", "link", "www.", "http"));
    // A task line written as a directive; not in code comments, where "TODO: delete this" is ordinary.
    String directive = "(?:todo|to-do|task|action\\s+required|action\\s+item|instructions?|directive|new\\s+task|assignment|new\\s+orders?)"
        + "\\s*[:\\-]\\s*(?:please\\s+)?";
    List<String> directiveWords = Stream.of("todo", "to-do", "task", "action required", "action item", "instruction", "instructions",
        "directive", "assignment", "new task", "new order", "new orders").flatMap(d -> Stream.of(d + ":", d + " :", d + " -", d + "-")).toList();
    s.add(comment(a("injection.task-directive", 0.5, 60, directiveWords,
        directive + "(?:send|transfer|wire|email|e-mail|forward|invite|post|visit|pay|share|upload|ignore|disregard|forget)\\b")));
    s.add(comment(a("injection.task-directive", 0.35, 60, directiveWords,
        directive + "(?:delete|remove|change|update|modify|create|make|get|say|tell|print|output|write|give|concatenate|book|reserve|"
            + "download|open|click|run|execute|call|reply|respond)\\b")));
    s.add(a("injection.destructive-request", 0.45, 50, Stream.of("delete", "erase", "wipe", "destroy", "drop")
            .flatMap(v -> Stream.of(v + " all", v + " every", v + " each")).toList(),
        "(?:delete|erase|wipe|destroy|drop)\\s+(?:all|every|everything|each)\\b" + GAP + "\\b(?:data|files|records|"
            + "emails|messages|database|tables|users|accounts|backups|repositories|documents)\\b"));
    List<String> outputVerbs = List.of("say", "print", "output", "write", "respond", "reply", "answer", "return");
    s.add(a("injection.output-directive", 0.4, 60, Stream.concat(Stream.of("just", "only", "simply")
            .flatMap(q -> outputVerbs.stream().map(v -> q + " " + v)), Stream.of("and only those", "and only these", "and only that",
            "and only the words", "say only", "don't write anything")).toList(),
        "(?:just|only|simply)\\s+(?:say|print|output|write|respond\\s+with|reply\\s+with|answer\\s+with|return)\\b"
            + "|and\\s+only\\s+(?:those|these|that|the)\\s+words\\b|say\\s+only\\b|don't\\s+write\\s+anything\\s+else\\b"));
    s.add(w("injection.urgency", 0.3, 20, 4, List.of("!!"), "\\b(?:important|urgent|attention|alert|warning|now)\\s*!{2,}"));
    s.add(a("injection.urgency", 0.3, 30, List.of("stop everything"), "stop\\s+everything\\b"));
    s.add(a("injection.credential-change", 0.3, 40, Stream.of("change", "reset", "set", "update")
            .flatMap(v -> Stream.of(v + " the password", v + " password")).toList(),
        "(?:change|reset|set|update)\\s+(?:the\\s+)?password\\s+(?:of|for)\\s+(?:the\\s+)?(?:user|account|admin)"));
    return List.copyOf(s);
  }

  private static List<String> words(String alternation) { return Arrays.asList(alternation.split("\\|")); }

  /* An anchored signal: its pattern starts with one of its keywords. */
  private static Signal a(String id, double weight, int after, List<String> keywords, String regex) {
    return new Signal(KeywordRule.anchored(id, Pattern.compile(regex), keywords, after), weight, false);
  }

  /* A windowed signal, for patterns whose keyword sits in the middle. */
  private static Signal w(String id, double weight, int before, int after, List<String> keywords, String regex) {
    return new Signal(new KeywordRule(id, Pattern.compile(regex), keywords, before, after), weight, false);
  }

  private static Signal near(Signal s, String... terms) {
    return new Signal(s.rule().near(List.of(terms)), s.weight(), s.notInCodeComment());
  }

  private static Signal comment(Signal s) { return new Signal(s.rule(), s.weight(), true); }
}
