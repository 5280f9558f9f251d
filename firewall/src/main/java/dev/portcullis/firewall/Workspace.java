package dev.portcullis.firewall;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Memory that the inspection of one result works in, reused from one result to the next: the arrays
 * a text's characters are copied into (two: the normaliser writes a text it changes into a second),
 * and the working state of the keyword pass and each rule scanner.
 *
 * <p>A 100 KB result needs a 200 KB array; a new one lands in memory the processor has not touched
 * for a while and must be cleared first. A workspace keeps it, so the next result is copied into
 * memory still in the caches. Workspaces come from a
 * {@link Pool} shared by every thread (requests run on virtual threads, so a thread-local would be
 * new for each request). One workspace serves one thread at a time, for one result at a time: it
 * is taken when the result's inspection starts and given back when it ends, and nothing examined
 * in it outlives that.
 *
 * <p>The array may be longer than the text in it; whoever reads it reads the text's length of it.
 * What lies beyond is an earlier text's and is never read.
 */
final class Workspace {
  /* Arrays longer than this (in chars) are let go when the workspace is given back, not kept. */
  static final int KEPT_CHARS = 1 << 20;
  private final char[][] arrays = {new char[256], new char[256]};
  /* Whether each array is lent to a text being inspected. */
  private final boolean[] lent = new boolean[2];
  /* Working state by slot: a keyword pass and its member scanners each have one (see KeywordPass). */
  private Object[] scratch = new Object[4];
  /* The thread the workspace was taken for: the only one that keeps working state in it. */
  private Thread owner;

  /**
   * An array of at least {@code length} chars for a text's characters, or {@code null} when both are
   * lent to other texts already (the caller then makes its own).
   */
  char[] lend(int length) {
    for (int i = 0; i < arrays.length; i++) {
      if (lent[i]) continue;
      lent[i] = true;
      char[] a = arrays[i];
      if (a.length < length) arrays[i] = a = new char[Math.max(length, Math.min(KEPT_CHARS, a.length * 2))];
      return a;
    }
    return null;
  }

  /* An array from lend() is free again: the text it was lent to is done with. */
  void giveBack(char[] array) {
    for (int i = 0; i < arrays.length; i++) {
      if (arrays[i] == array) lent[i] = false;
    }
  }

  /**
   * The working state kept in {@code slot} of this workspace, made by {@code make} the first time; or
   * {@code null} on any thread but the one the workspace was taken for (a helper reading the same
   * text), which must use state of its own. The slots are handed out by the keyword pass a firewall's
   * scanners share, one per user; a user that needs a second state at once (a scan within a scan)
   * makes its own.
   */
  @SuppressWarnings("unchecked")
  <T> T scratch(int slot, Supplier<T> make) {
    if (Thread.currentThread() != owner) return null;
    if (slot >= scratch.length) scratch = Arrays.copyOf(scratch, slot + 1);
    Object s = scratch[slot];
    if (s == null) {
      s = make.get();
      scratch[slot] = s;
    }
    return (T) s;
  }

  /* Ready for the next result: nothing lent, and no array kept that one unusually long text grew. */
  private void reset() {
    owner = null;
    for (int i = 0; i < arrays.length; i++) {
      lent[i] = false;
      if (arrays[i].length > KEPT_CHARS) arrays[i] = new char[256];
    }
  }

  /**
   * Workspaces shared by every thread: a few slots, each holding a free workspace or nothing. Taking
   * one and giving it back are one atomic exchange each; when every slot is empty a new workspace
   * is made, and one given back to a full pool is dropped.
   */
  static final class Pool {
    private final AtomicReferenceArray<Workspace> free;

    /** A pool keeping at most {@code size} free workspaces. */
    Pool(int size) { free = new AtomicReferenceArray<>(Math.max(1, size)); }

    /** A pool sized for this machine: two workspaces per processor. */
    static Pool forProcessors() { return new Pool(2 * Runtime.getRuntime().availableProcessors()); }

    /** A free workspace, new if none is, for the calling thread. */
    Workspace take() {
      Workspace w = null;
      for (int i = 0; i < free.length() && w == null; i++) {
        if (free.getPlain(i) != null) w = free.getAndSet(i, null);
      }
      if (w == null) w = new Workspace();
      w.owner = Thread.currentThread();
      return w;
    }

    /** Returns a workspace taken from this pool; whatever was examined in it must be done with. */
    void giveBack(Workspace w) {
      w.reset();
      for (int i = 0; i < free.length(); i++) {
        if (free.getPlain(i) == null && free.compareAndSet(i, null, w)) return;
      }
    }
  }
}
