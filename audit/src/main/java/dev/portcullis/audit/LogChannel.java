package dev.portcullis.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where the log writer puts its bytes: an append and a durability barrier. Production code writes
 * to the log's {@link FileChannel}; tests decorate it to inject I/O failures.
 */
interface LogChannel {

  /** Writes all remaining bytes of the buffer at the end of the log. */
  void write(ByteBuffer bytes) throws IOException;

  /** Returns once everything written so far is on stable storage. */
  void force() throws IOException;

  /** The channel over an open file, positioned at its end. */
  static LogChannel of(FileChannel file) {
    return new LogChannel() {
      @Override
      public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) file.write(bytes);
      }

      /*
       * force(true): the file length is metadata, and an appended record is only readable after
       * a crash if the new length is durable too. On Linux both flags map to fdatasync/fsync,
       * which cost the same for an append that grows the file.
       */
      @Override
      public void force() throws IOException { file.force(true); }
    };
  }
}
