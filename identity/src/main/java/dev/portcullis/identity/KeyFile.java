package dev.portcullis.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A file holding a private key: created owner-only from its first byte, read only when nobody but
 * the owner can read it.
 *
 * <p>Creation opens the file with {@code CREATE_NEW} and the owner-only permissions as a creation
 * attribute, so the file never exists with wider permissions and two processes racing to create it
 * cannot both win: the loser sees {@link FileAlreadyExistsException} and reads the winner's key.
 */
final class KeyFile {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private final Path path;

  KeyFile(Path path) { this.path = path.toAbsolutePath(); }

  Path path() { return path; }

  /**
   * The file's content, or empty when the file does not exist. Refuses a file that the group or
   * others may access, as ssh does.
   */
  Optional<String> read() throws IOException {
    if (!Files.exists(path)) return Optional.empty();
    var posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (posix == null) {
      throw new IOException("signing key file " + path + " is on a file system without POSIX permissions; "
          + "refusing to use a key whose access cannot be checked");
    }
    Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
    if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
      throw new IOException("signing key file " + path + " has permissions "
          + PosixFilePermissions.toString(permissions) + "; it must be accessible by its owner only (rw-------)");
    }
    return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
  }

  /**
   * Writes the content to a new owner-only file.
   *
   * @return {@code false} when the file already exists (someone else created it first)
   */
  boolean createWith(String content) throws IOException {
    Path parent = path.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      throw new IOException("cannot create signing key file " + path
          + " with owner-only permissions: the file system has no POSIX permissions");
    }
    try (channel) {
      ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) channel.write(bytes);
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(path);
      throw e;
    }
    return true;
  }
}
