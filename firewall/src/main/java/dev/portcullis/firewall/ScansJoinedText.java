package dev.portcullis.firewall;

import java.util.List;

/**
 * A detector that can read many strings at once: a result of many short strings is joined into one
 * text, a line break between each two (see {@link TextParts}), read once by every detector, and only
 * the strings something was found in are then scanned on their own. Reading 2 000 strings as one
 * text costs a fraction of setting up 2 000 scans.
 */
interface ScansJoinedText {
  /**
   * Spans of a joined text (see {@link NormalizedText#parts()}) that mark the strings worth scanning
   * on their own: of every part in which {@link Detector#scan} of that string alone reports anything,
   * some span returned here overlaps the part or is empty and lies on it. Spans may mark more parts
   * than that; a part no span marks is known to give nothing when scanned alone.
   */
  List<Finding> candidates(NormalizedText joined);
}
