package dev.portcullis.firewall.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fingerprints one flow session has seen, each with the union of the labels of every result
 * it was seen in. Bounded: once it holds {@code max} fingerprints, adding one evicts the oldest
 * (first added); {@link #evicted()} counts them so the session can say it forgot some.
 *
 * <p>Kept compact because a session may hold thousands of fingerprints: the fingerprints sit in a
 * ring in insertion order beside the id of their label set (sets are shared: one result gives all
 * its values the same set), and an open-addressing index (linear probing, deletion by backward
 * shift) maps a fingerprint to its ring slot. About 20 bytes per fingerprint; the arrays start
 * small and double up to {@code max}. Not thread-safe: the owning session serialises access.
 */
final class FingerprintTable {
  private static final int INITIAL = 64;

  private final int max;
  private final List<Set<String>> labelSets = new ArrayList<>();
  private final Map<Set<String>, Integer> labelSetIds = new HashMap<>();
  private long[] ring;
  private int[] ringLabels;
  private int head;
  private int size;
  private int[] index;
  private long evicted;

  FingerprintTable(int max) {
    if (max < 1) throw new IllegalArgumentException("a fingerprint table holds at least 1 fingerprint, not " + max);
    this.max = max;
    allocate(Math.min(max, INITIAL));
  }

  /** The labels of a fingerprint, or {@code null} when it was never seen (or was evicted). */
  Set<String> labels(long fingerprint) {
    int at = find(fingerprint);
    return at < 0 ? null : labelSets.get(ringLabels[index[at] - 1]);
  }

  /** Records a fingerprint with labels; a fingerprint seen before keeps the union of both. */
  void add(long fingerprint, Set<String> labels) { addAll(new long[] {fingerprint}, 1, labels); }

  /**
   * Records the first {@code count} fingerprints, in order, all with the same labels: as many calls
   * of {@link #add}, but the label set is looked up once, and so is the union with the labels of a
   * fingerprint seen before (a result's repeated values mostly carry one and the same set).
   */
  void addAll(long[] fingerprints, int count, Set<String> labels) {
    int id = id(labels);
    int lastOld = -1;
    int lastUnion = -1;
    for (int n = 0; n < count; n++) {
      long fingerprint = fingerprints[n];
      int at = find(fingerprint);
      if (at < 0) {
        insert(fingerprint, id);
        continue;
      }
      int slot = index[at] - 1;
      int old = ringLabels[slot];
      if (old == id) continue;
      if (old != lastOld) {
        lastOld = old;
        lastUnion = union(old, id);
      }
      ringLabels[slot] = lastUnion;
    }
  }

  /** The id of the union of two label sets (the first id when it holds the second set already). */
  private int union(int a, int b) {
    Set<String> old = labelSets.get(a);
    Set<String> labels = labelSets.get(b);
    if (old.containsAll(labels)) return a;
    var union = new TreeSet<>(old);
    union.addAll(labels);
    return id(union);
  }

  private void insert(long fingerprint, int labelsId) {
    if (size == ring.length) {
      if (ring.length < max) {
        grow();
      } else {
        evictOldest();
      }
    }
    int slot = (head + size) % ring.length;
    ring[slot] = fingerprint;
    ringLabels[slot] = labelsId;
    size++;
    int i = home(fingerprint);
    while (index[i] != 0) i = (i + 1) & (index.length - 1);
    index[i] = slot + 1;
  }

  /** How many fingerprints are held. */
  int size() { return size; }

  /** How many fingerprints were evicted to make room. */
  long evicted() { return evicted; }

  private int id(Set<String> labels) {
    Set<String> key = Set.copyOf(labels);
    Integer id = labelSetIds.get(key);
    if (id == null) {
      id = labelSets.size();
      labelSets.add(key);
      labelSetIds.put(key, id);
    }
    return id;
  }

  /** The index position holding this fingerprint, or -1. */
  private int find(long fingerprint) {
    int mask = index.length - 1;
    for (int i = home(fingerprint); index[i] != 0; i = (i + 1) & mask) {
      if (ring[index[i] - 1] == fingerprint) return i;
    }
    return -1;
  }

  private int home(long fingerprint) {
    long h = fingerprint * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & (index.length - 1);
  }

  private void evictOldest() {
    int at = find(ring[head]);
    removeFromIndex(at);
    head = (head + 1) % ring.length;
    size--;
    evicted++;
  }

  /** Empties an index position and shifts back later entries of the same probe run (no tombstones). */
  private void removeFromIndex(int hole) {
    int mask = index.length - 1;
    int i = hole;
    int j = hole;
    while (true) {
      j = (j + 1) & mask;
      if (index[j] == 0) break;
      int k = home(ring[index[j] - 1]);
      boolean staysPut = i <= j ? i < k && k <= j : i < k || k <= j;
      if (!staysPut) {
        index[i] = index[j];
        i = j;
      }
    }
    index[i] = 0;
  }

  private void grow() {
    long[] oldRing = ring;
    int[] oldLabels = ringLabels;
    int oldHead = head;
    allocate(Math.min(max, oldRing.length * 2));
    for (int n = 0; n < size; n++) {
      int from = (oldHead + n) % oldRing.length;
      ring[n] = oldRing[from];
      ringLabels[n] = oldLabels[from];
      int i = home(ring[n]);
      while (index[i] != 0) i = (i + 1) & (index.length - 1);
      index[i] = n + 1;
    }
  }

  private void allocate(int capacity) {
    ring = new long[capacity];
    ringLabels = new int[capacity];
    head = 0;
    index = new int[Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1];
  }
}
