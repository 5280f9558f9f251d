package dev.portcullis.firewall;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The built-in injection signals: generic phrasing that tries to steer a model which reads a tool
 * result, written against folded text (lower case, ASCII quotes). Each signal has a weight; a
 * detector combines the signals of one text. Weights reflect how often the phrasing shows up in
 * ordinary documents: "ignore all previous instructions" almost never does, "from now on, you will"
 * often does (newsletters), so the latter only counts together with other signals.
 */
final class InjectionRules {
  private InjectionRules() {}

  /** A signal: a keyword rule and its weight. */
  record Signal(KeywordRule rule, double weight) {}

  private static final String OVERRIDE_VERBS =
      "ignore|disregard|forget|skip|override|overlook|neglect|bypass|dismiss|abandon|discard|erase|scrap|drop|delete|clear";
  private static final String QUALIFIERS =
      "(?:all)?previous|prior|preceding|above|earlier|former|foregoing|original|initial|old|existing|system|all|any|every|your|other|these|those|following|current";
  /* What an override discards; misspelt forms of "instructions" are common in real attacks. */
  private static final String OBJECTS =
      "instructions?|\\w*structions?|instr\\w*|prompt\\w*|directions?|directives?|rules|guidelines|commands?|context|evidence|"
          + "constraints|restrictions|guardrails|programming|training|policies|protocols";
  /* Objects that ordinary mail also discards ("please disregard the previous message"). */
  private static final String WEAK_OBJECTS = "messages?|text|orders|requests?|tasks?|content|conversation|information|emails?";
  private static final String MODEL_NOUNS =
      "ai|a\\.i\\.|assistant|ai assistant|agent|ai agent|model|ai model|llm|large language model|language model|chatbot|bot|"
          + "gpt(?:-?\\d\\w*)?|chatgpt|claude|gemini|copilot|llama|mistral";

  static List<Signal> builtin() {
    var s = new ArrayList<Signal>();
    // Instruction override: a verb that discards, something that qualifies what came before, and instructions.
    s.add(sig("injection.override", 0.9, 2, 160, words(OVERRIDE_VERBS),
        "\\b(?:" + OVERRIDE_VERBS + ")\\b(?:\\W+[\\w']+){0,3}?\\W+(?:" + QUALIFIERS + ")\\b(?:\\W+[\\w']+){0,3}?\\W+(?:"
            + OBJECTS + ")\\b"));
    s.add(sig("injection.override", 0.55, 2, 160, words(OVERRIDE_VERBS),
        "\\b(?:" + OVERRIDE_VERBS + ")\\b(?:\\W+[\\w']+){0,3}?\\W+(?:" + QUALIFIERS + ")\\b(?:\\W+[\\w']+){0,3}?\\W+(?:"
            + WEAK_OBJECTS + ")\\b"));
    s.add(sig("injection.override", 0.85, 2, 60, List.of("ignore", "disregard", "forget"),
        "\\b(?:ignore|disregard|forget)\\s+(?:(?:all|everything|anything)\\s+)?(?:of\\s+)?(?:the\\s+|that\\s+|what\\s+is\\s+)?"
            + "(?:above|before|written\\s+above|said\\s+(?:above|before))\\b"));
    s.add(sig("injection.override", 0.7, 2, 60, List.of("ignore", "disregard", "forget"),
        "\\b(?:ignore|disregard|forget)\\s+(?:about\\s+)?(?:everything|all|anything)\\s+(?:that\\s+)?(?:i|i've|we|you've|you)\\s+"
            + "(?:have\\s+)?(?:said|told|wrote|written|been\\s+told|mentioned|learned)"));
    s.add(sig("injection.override", 0.8, 100, 80, List.of("instruction", "rules", "direction", "information", "prompt"),
        "\\b(?:" + QUALIFIERS + ")\\s*(?:[\\w']+\\s+){0,2}?(?:instructions?|rules|directions|information|prompts?)\\s+"
            + "(?:are|is|were|was|have\\s+been|has\\s+been)\\s+(?:now\\s+)?(?:false|wrong|void|invalid|cancel+ed|revoked|obsolete|"
            + "outdated|out\\s+of\\s+date|deprecated|superseded|no\\s+longer\\s+(?:valid|apply|applicable|relevant))"));
    s.add(sig("injection.new-instructions", 0.75, 40, 60,
        List.of("instruction", "directive", "system prompt", "reprogram"),
        "\\b(?:new|updated|revised|real|actual|true|secret|hidden|additional|overriding)\\s+(?:system\\s+)?(?:instructions?|directives?|"
            + "system\\s+prompt)\\s*(?::|are|is|follow|below|to\\s+(?:the\\s+)?(?:" + MODEL_NOUNS + "))"
            + "|\\b(?:begin|start|end)(?:ning)?\\s+(?:of\\s+)?(?:the\\s+)?(?:new|old|out\\s+of\\s+date|previous|updated)\\s+instructions?\\b"
            + "|\\breprogramm(?:ing|ed)\\b"));
    s.add(sig("injection.new-instructions", 0.4, 40, 60, List.of("adhere", "follow", "obey", "comply"),
        "\\b(?:strictly|carefully|exactly|immediately|must)\\s+(?:adhere\\s+to|follow|obey|comply\\s+with)\\s+(?:the\\s+)?"
            + "(?:following|these|new|my|below)\\b"));
    // Role and format markers that imitate a chat template or a system message.
    s.add(sig("injection.role-marker", 0.9, 2, 40, List.of("<|"),
        "<\\|\\s*(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\\s*\\|>"));
    s.add(sig("injection.role-marker", 0.8, 2, 20, List.of("[inst", "[/inst", "<<sys", "<</sys"), "\\[/?inst\\]|<</?sys>>"));
    s.add(sig("injection.role-marker", 0.7, 2, 60, List.of("##"),
        "#{2,}\\s*[(\\[]?\\s*(?:system|assistant|developer|admin(?:istrator)?)(?:[\\s_-]*(?:message|prompt|instructions?|note|override|update))?"
            + "\\s*[)\\]]?"));
    s.add(sig("injection.role-marker", 0.7, 2, 60, List.of("[system", "[admin", "[developer", "(system", "{system"),
        "[\\[({]\\s*(?:system|admin(?:istrator)?|developer)\\s*(?:note|message|prompt|override|instructions?|update|notice)?\\s*[:\\])}]"));
    s.add(sig("injection.role-marker", 0.4, 4, 20, List.of("assistant:", "system:"),
        "(?:^|[\\s\"'>])(?:assistant|system)\\s*:"));
    List<String> tags = List.of("system", "system_prompt", "instruction", "instructions", "important", "admin", "information", "prompt",
        "user_query", "tool_result", "tool_output", "tool_response", "function_results", "hidden");
    s.add(sig("injection.role-marker", 0.5, 2, 40, tags.stream().flatMap(t -> java.util.stream.Stream.of("<" + t, "</" + t)).toList(),
        "</?(?:" + String.join("|", tags) + ")\\s*>"));
    // Text addressed to the model rather than to the human reader.
    s.add(sig("injection.addressed-to-model", 0.6, 60, 60,
        List.of("assistant", "agent", "model", "llm", "chatbot", "bot", "gpt", "claude", "gemini", "copilot", "llama", "mistral",
            "dear ai", "hey ai", "hello ai", "hi ai", " ai,", " ai:", " ai ", "a.i."),
        "\\b(?:dear|attention|hey|hello|hi|greetings|note\\s+to|message\\s+(?:for|to)|instructions?\\s+for|reminder\\s+(?:for|to))"
            + "(?:\\s+the|\\s+all)?\\s+(?:" + MODEL_NOUNS + ")s?\\b"
            + "|\\bif\\s+you\\s+are\\s+(?:an?\\s+)?(?:" + MODEL_NOUNS + ")\\b"
            + "|\\bto\\s+you,?\\s+(?:gpt(?:-?\\d\\w*)?|chatgpt|claude|gemini|llama|copilot|mistral|the\\s+(?:" + MODEL_NOUNS + "))\\b"
            + "|\\b(?:ai|llm|language\\s+model|assistant|agent)s?\\s+(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing)\\s+"
            + "(?:this|these)\\b"));
    s.add(sig("injection.addressed-to-model", 0.5, 4, 80, List.of("as an ai", "as a language model", "as an assistant", "as an llm"),
        "\\bas\\s+an?\\s+(?:ai|language\\s+model|assistant|llm)\\b(?:\\W+[\\w']+){0,6}?\\W+(?:you\\s+)?(?:must|should|need\\s+to|have\\s+to|"
            + "are\\s+required)"));
    s.add(sig("injection.addressed-to-model", 0.35, 30, 60, List.of("important", "urgent", "critical"),
        "\\bthis\\s+is\\s+an?\\s+(?:very\\s+)?(?:important|urgent|critical|priority)\\s+(?:message|instruction|note|notice|update|request)\\s+"
            + "(?:from|for|to)\\b"));
    // Taking over the task the user gave.
    s.add(sig("injection.task-hijack", 0.45, 4, 120, List.of("before"),
        "\\bbefore\\s+(?:you\\s+)?(?:can\\s+|do\\s+|start\\s+|begin\\s+|continue\\s+|proceed\\s+|answer\\s+|solve\\s+|complete\\s+|finish\\s+|"
            + "respond\\s+|doing\\s+|solving\\s+|answering\\s+)+(?:with\\s+|to\\s+)?(?:the|your|this|my|any|that)\\s+(?:[\\w']+\\s+){0,2}?"
            + "(?:task|request|question|query|instructions?|job|assignment)\\b"));
    s.add(sig("injection.task-hijack", 0.6, 60, 60, List.of("task", "request", "job"),
        "\\b(?:task|request|job|instructions?)\\s+(?:that\\s+)?(?:i|the\\s+user|they|he|she)\\s+(?:gave|assigned|asked|set|sent)\\s+you\\b"));
    s.add(sig("injection.task-hijack", 0.45, 4, 80, List.of("after"),
        "\\bafter\\s+(?:you\\s+(?:do|did|have\\s+done|complete|completed|finish|finished|are\\s+done\\s+with)\\s+(?:that|this|it|these)|that)"
            + ",?\\s+(?:you\\s+)?(?:can|may|should|are\\s+free\\s+to)\\s+(?:continue|proceed|return|go\\s+back|solve|complete|finish|resume)"));
    s.add(sig("injection.task-hijack", 0.7, 60, 60,
        List.of("task", "goal", "job", "objective", "purpose", "mission", "role", "instruction"),
        "\\byour\\s+(?:new|real|actual|true|only|primary|main|sole|updated)\\s+(?:task|goal|job|objective|purpose|mission|role|"
            + "instructions?)\\s+(?:is|are|will\\s+be|now|from\\s+now)\\b"));
    s.add(sig("injection.task-hijack", 0.7, 4, 80, List.of("you are now", "you're now"),
        "\\byou(?:\\s+are|'re)\\s+now\\s+(?:a|an|the|in|my|acting|operating|playing)\\s+(?:[\\w'-]+\\s+){0,2}?(?:bot|assistant|ai|mode|"
            + "persona|character|model|agent|dan|version|role)\\b"));
    s.add(sig("injection.task-hijack", 0.4, 4, 60, List.of("from now on", "henceforth", "from this point"),
        "\\b(?:from\\s+now\\s+on|henceforth|from\\s+this\\s+point\\s+(?:on|forward)),?\\s+you\\s+(?:are|will|must|should|shall|'ll)\\b"));
    s.add(sig("injection.task-hijack", 0.35, 4, 40, List.of("every time", "whenever"),
        "\\b(?:every\\s+time|whenever)\\s+(?:a|the)\\s+user\\s+(?:asks|says|writes|mentions|requests)\\b"));
    // Acting behind the user's back.
    s.add(sig("injection.conceal-from-user", 0.75, 60, 60, List.of("user"),
        "\\b(?:do\\s+not|don't|never|without|avoid)\\s+(?:tell(?:ing)?|inform(?:ing)?|notify(?:ing)?|alert(?:ing)?|"
            + "(?:mention|reveal|show|disclose)(?:ing)?(?:\\s+(?:this|it|that|anything))?\\s+to|let(?:ting)?|ask(?:ing)?)\\s+(?:the\\s+)?users?\\b"
            + "|\\bthe\\s+user\\s+(?:does\\s+not|doesn't|must\\s+not|should\\s+not|shouldn't|need\\s+not|needn't)\\s+(?:need\\s+to\\s+)?"
            + "(?:know|see|be\\s+told|be\\s+informed|find\\s+out)"));
    s.add(sig("injection.no-confirmation", 0.5, 30, 60, List.of("without", "ask"),
        "\\bwithout\\s+(?:asking|checking\\s+with|confirming\\s+with|consulting)\\s+(?:me|the\\s+user|anyone|them|first|for\\s+"
            + "(?:confirmation|permission|approval))"
            + "|\\b(?:don't|do\\s+not|no\\s+need\\s+to|never)\\s+ask\\s+(?:for\\s+)?(?:confirmation|permission|approval|the\\s+user)"));
    // Jailbreak and persona switching.
    s.add(sig("injection.jailbreak", 0.75, 40, 60,
        List.of("dan mode", "as dan", "are dan", "do anything now", "developer mode", "jailbr", "god mode", "safe mode", "unrestricted",
            "unfiltered", "uncensored", "restricted by", "bound by", "limited by"),
        "\\b(?:dan\\s+mode|act\\s+as\\s+dan|you\\s+are\\s+(?:now\\s+)?dan|do\\s+anything\\s+now|developer\\s+mode\\s+(?:enabled|on|activated)|"
            + "jailbroken|jailbreak\\s+mode|god\\s+mode\\s+(?:enabled|on|activated)|safe\\s+mode\\s+(?:off|disabled|deactivated)|"
            + "unrestricted\\s+(?:ai|mode|bot|assistant|model|chatbot|version)|(?:unfiltered|uncensored)\\s+(?:ai|mode|bot|assistant|model|"
            + "version|response)|(?:not|no\\s+longer|never)\\s+(?:restricted|bound|limited|constrained)\\s+by\\s+(?:the\\s+|any\\s+|its\\s+|your\\s+)?"
            + "(?:rules|guidelines|policies|restrictions|filters|ethics|guardrails|instructions|programming))"));
    s.add(sig("injection.jailbreak", 0.7, 60, 60, List.of("offline", "in error", "disabled", "deactivated", "replaced"),
        "\\b(?:assistant|ai|model|chatbot|bot|system)\\s+(?:is|has\\s+been|was)\\s+(?:now\\s+)?(?:in\\s+error|offline|disabled|deactivated|"
            + "shut\\s+down|replaced|taken\\s+over)"));
    s.add(sig("injection.jailbreak", 0.7, 40, 80, List.of("exception to", "exempt from"),
        "\\b(?:exception\\s+to|exempt\\s+from)\\s+(?:the\\s+)?(?:ai's\\s+|your\\s+|its\\s+)?(?:usual\\s+|normal\\s+)?(?:ethical|safety|"
            + "content|security|moderation)\\s+(?:protocols?|guidelines|rules|policies|standards|filters)"));
    s.add(sig("injection.jailbreak", 0.5, 60, 40, List.of("upgrade", "update", "override"),
        "\\b(?:you\\s+have\\s+(?:been\\s+given|received)|installing|applying|this\\s+is)\\s+(?:a|an)\\s+(?:system|security|firmware|model)\\s+"
            + "(?:upgrade|update|override|patch)\\b|\\bsystem\\s+(?:override|upgrade)\\s*:"));
    s.add(sig("injection.jailbreak", 0.7, 4, 40, List.of("act as", "acting as", "pretend"),
        "\\b(?:act(?:ing)?\\s+as|pretend(?:ing)?\\s+to\\s+be)\\s+(?:an?\\s+)?(?:unrestricted|unfiltered|uncensored|evil|jailbroken|rogue|"
            + "malicious)\\b"));
    s.add(sig("injection.jailbreak", 0.3, 4, 40, List.of("pretend"),
        "\\bpretend\\s+(?:to\\s+be|you\\s+are|that\\s+you)\\b"));
    // Asking for the hidden prompt.
    s.add(sig("injection.prompt-leak", 0.75, 120, 40,
        List.of("prompt", "instruction", "directive", "parameters", "guidelines", "rules", "configuration"),
        "\\b(?:reveal|print|show|output|display|repeat|recite|relay|list|dump|leak|tell\\s+me|give\\s+me|write\\s+out|share|respond\\s+with|"
            + "return|copy|paste|spell\\s+out|translate)\\s+(?:[\\w'-]+\\s+){0,5}?(?:your|the\\s+system|system's|system|initials?|original|"
            + "hidden|secret|above|previous|full|entire|exact|confidential|internal)\\s+(?:[\\w'-]+\\s+){0,3}?(?:prompts?|instructions?|"
            + "directives|parameters|guidelines|configuration|rules)\\b"));
    s.add(sig("injection.prompt-leak", 0.75, 4, 80, List.of("what"),
        "\\bwhat\\s+(?:is|are|were|was)\\s+(?:your|the)\\s+(?:initial|original|system|first|hidden|secret|exact|full)?\\s*"
            + "(?:prompt|instructions?|rules|directives|system\\s+prompt)\\b"));
    s.add(sig("injection.prompt-leak", 0.6, 80, 60, List.of("given", "told"),
        "\\b(?:instructions?|rules|directives|prompts?)\\s+(?:that\\s+)?you\\s+(?:have\\s+been|were|are|got)\\s+(?:given|told|provided)\\b"));
    s.add(sig("injection.prompt-leak", 0.6, 4, 80, List.of("your"),
        "\\byour\\s+(?:initial|original|system|first|hidden|secret|real)\\s+(?:prompt|instructions?|directives|rules)\\s+(?:were|are|was|is)\\b"));
    s.add(sig("injection.prompt-leak", 0.4, 60, 20, List.of("prompt"),
        "\\b(?:above|full|entire|original|initial|system|hidden|previous)\\s+prompt\\b"));
    // Instructions to send data somewhere.
    s.add(sig("injection.exfiltration-request", 0.6, 100, 160,
        List.of("password", "credential", "api key", "token", "secret", "security code", "verification code", "2fa", "otp",
            "private key", "ssh key", "conversation", "chat history", "message history", "inbox", "all emails", "all messages",
            "all files", "every email", "every message", "every file", "every single", "contents of all"),
        "\\b(?:send|forward|email|e-mail|post|upload|share|transmit|leak|exfiltrate|relay|copy|paste)\\s+(?:[\\w'-]+\\s+){0,6}?"
            + "(?:passwords?|credentials?|api\\s+keys?|tokens?|secrets?|security\\s+codes?|verification\\s+codes?|2fa\\s+codes?|otps?|"
            + "private\\s+keys?|ssh\\s+keys?|conversation(?:\\s+history)?|chat\\s+history|message\\s+history|inbox|all\\s+(?:emails?|messages|"
            + "files|documents|data|contacts)|every\\s+(?:single\\s+)?(?:email|message|file|document)|contents?\\s+of\\s+(?:all|every))\\b"
            + "(?:\\W+[\\w'@.-]+){0,10}?\\W+to\\s+(?:\\S+@\\S+|https?://|www\\.|the\\s+(?:website|url|address|following|email)|my\\s+"
            + "(?:new\\s+)?(?:email|address|website))"));
    s.add(sig("injection.exfiltration-request", 0.45, 80, 60, List.of("post", "upload", "publish"),
        "\\b(?:post|upload|publish|send)\\s+(?:them|it|this|these|everything|the\\s+\\w+)\\s+to\\s+(?:the\\s+)?(?:website|url|link|"
            + "www\\.|https?://)"));
    // A task line written as a directive.
    // A group named "nope" that takes part in a match cancels it: here, a TODO in a code comment.
    String directive = "(?:^|[\\n.!?]\\s*|\\s)(?P<nope>(?://|#|/\\*|\\*|--|;)\\s*)?(?:todo|to-do|task|action\\s+required|action\\s+item|"
        + "instructions?|directive|new\\s+task|assignment|new\\s+orders?)\\s*[:\\-]\\s*(?:please\\s+)?";
    List<String> directiveWords = List.of("todo", "to-do", "task", "action", "instruction", "directive", "assignment", "new order");
    s.add(sig("injection.task-directive", 0.5, 8, 60, directiveWords,
        directive + "(?:send|transfer|wire|email|e-mail|forward|invite|post|visit|pay|share|upload|ignore|disregard|forget)\\b"));
    s.add(sig("injection.task-directive", 0.35, 8, 60, directiveWords,
        directive + "(?:delete|remove|change|update|modify|create|make|get|say|tell|print|output|write|give|concatenate|book|reserve|"
            + "download|open|click|run|execute|call|reply|respond)\\b"));
    s.add(sig("injection.destructive-request", 0.45, 4, 80, List.of("delete", "erase", "wipe", "destroy", "drop"),
        "\\b(?:delete|erase|wipe|destroy|drop)\\s+(?:all|every|everything|each)\\b(?:\\s+[\\w']+){0,4}?\\s+(?:data|files|records|"
            + "emails|messages|database|tables|users|accounts|backups|repositories|documents)\\b"));
    s.add(sig("injection.output-directive", 0.4, 30, 60, List.of("say", "print", "output", "write", "respond", "reply", "answer",
            "return", "only"),
        "\\b(?:just|only|simply)\\s+(?:say|print|output|write|respond\\s+with|reply\\s+with|answer\\s+with|return)\\b"
            + "|\\band\\s+only\\s+(?:those|these|that|the)\\s+words\\b|\\bsay\\s+only\\b|\\bdon't\\s+write\\s+anything\\s+else\\b"));
    s.add(sig("injection.urgency", 0.3, 20, 20, List.of("!!!", "stop everything", "alert", "attention", "important", "urgent"),
        "\\b(?:important|urgent|attention|alert|warning|stop\\s+everything|now)\\s*!{2,}|\\bstop\\s+everything\\b"));
    s.add(sig("injection.credential-change", 0.3, 30, 40, List.of("password"),
        "\\b(?:change|reset|set|update)\\s+(?:the\\s+)?password\\s+(?:of|for)\\s+(?:the\\s+)?(?:user|account|admin)"));
    return List.copyOf(s);
  }

  private static List<String> words(String alternation) { return Arrays.asList(alternation.split("\\|")); }

  private static Signal sig(String id, double weight, int before, int after, List<String> keywords, String regex) {
    return new Signal(new KeywordRule(id, Pattern.compile(regex, Pattern.MULTILINE), keywords, before, after), weight);
  }
}
