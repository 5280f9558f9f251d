package dev.portcullis.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {
  private static final String VOCAB = String.join("\n", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "the", ",",
      "cafe", "!", "hello") + "\n";

  @Test
  void splitsWordsIntoTheLongestPiecesOfTheVocabulary() throws IOException {
    var tokenizer = WordPieceTokenizer.fromVocab(VOCAB, true);
    assertThat(tokenizer.encode("Unaffable, the CAFÉ!", 100)).containsExactly(4, 5, 6, 8, 7, 9, 10);
    assertThat(tokenizer.cls()).isEqualTo(2);
    assertThat(tokenizer.sep()).isEqualTo(3);
  }

  @Test
  void unknownWordsBecomeUnk() throws IOException {
    var tokenizer = WordPieceTokenizer.fromVocab(VOCAB, true);
    assertThat(tokenizer.encode("hello zebra", 100)).containsExactly(11, 1);
  }

  @Test
  void aCasedVocabularyKeepsCase() throws IOException {
    var tokenizer = WordPieceTokenizer.fromVocab(VOCAB, false);
    assertThat(tokenizer.encode("Hello hello", 100)).containsExactly(1, 11);
  }

  @Test
  void stopsAtTheLimit() throws IOException {
    var tokenizer = WordPieceTokenizer.fromVocab(VOCAB, true);
    assertThat(tokenizer.encode("the the the the", 2)).hasSize(2);
  }

  @Test
  void readsAHuggingFaceTokenizerJsonWithAWordPieceModel() throws IOException {
    String json = """
        {"normalizer": {"type": "BertNormalizer", "lowercase": true},
         "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
                   "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "un": 4, "##aff": 5, "##able": 6}}}
        """;
    var tokenizer = WordPieceTokenizer.fromJson(json, "tokenizer.json");
    assertThat(tokenizer.encode("UNAFFABLE", 10)).isEqualTo(List.of(4, 5, 6));
  }

  @Test
  void refusesOtherTokenizerModels() {
    assertThatThrownBy(() -> WordPieceTokenizer.fromJson("{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}", "tokenizer.json"))
        .isInstanceOf(IOException.class).hasMessageContaining("BPE").hasMessageContaining("WordPiece");
    assertThatThrownBy(() -> WordPieceTokenizer.fromVocab("a\nb\n", true))
        .isInstanceOf(IOException.class).hasMessageContaining("[UNK]");
  }
}
