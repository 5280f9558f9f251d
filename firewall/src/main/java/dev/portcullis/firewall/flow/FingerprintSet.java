package dev.portcullis.firewall.flow;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of fingerprints kept as primitive longs (open addressing, linear probing), so that checking
 * each of a result's thousands of values against a call's echoed arguments boxes nothing. Read-only
 * to other classes: they see a {@code Set<Long>}; only {@link #add} (package-private) fills it.
 * Not thread-safe while it is being filled; safe to read from several threads once filled.
 */
final class FingerprintSet extends AbstractSet<Long> {
  private long[] slots = new long[16];
  private boolean[] used = new boolean[16];
  private int size;

  /** Adds a fingerprint; false when it was there already. */
  boolean add(long fingerprint) {
    if (2 * (size + 1) > slots.length) grow();
    int i = find(fingerprint);
    if (used[i]) return false;
    used[i] = true;
    slots[i] = fingerprint;
    size++;
    return true;
  }

  /** Whether the set holds a fingerprint. */
  boolean has(long fingerprint) { return used[find(fingerprint)]; }

  @Override
  public boolean contains(Object o) { return o instanceof Long l && has(l); }

  @Override
  public int size() { return size; }

  @Override
  public Iterator<Long> iterator() {
    return new Iterator<>() {
      private int next = advance(0);

      private int advance(int from) {
        while (from < used.length && !used[from]) from++;
        return from;
      }

      @Override
      public boolean hasNext() { return next < used.length; }

      @Override
      public Long next() {
        if (!hasNext()) throw new NoSuchElementException();
        long value = slots[next];
        next = advance(next + 1);
        return value;
      }
    };
  }

  /** The slot holding the fingerprint, or the empty slot where it would go. */
  private int find(long fingerprint) {
    int mask = slots.length - 1;
    long h = fingerprint * 0x9E3779B97F4A7C15L;
    int i = (int) (h ^ h >>> 32) & mask;
    while (used[i] && slots[i] != fingerprint) i = (i + 1) & mask;
    return i;
  }

  private void grow() {
    long[] oldSlots = slots;
    boolean[] oldUsed = used;
    slots = new long[oldSlots.length * 2];
    used = new boolean[oldSlots.length * 2];
    for (int i = 0; i < oldSlots.length; i++) {
      if (oldUsed[i]) {
        int at = find(oldSlots[i]);
        used[at] = true;
        slots[at] = oldSlots[i];
      }
    }
  }
}
