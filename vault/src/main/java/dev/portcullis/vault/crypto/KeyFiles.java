package dev.portcullis.vault.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Reading and writing key files that only their owner may touch. */
final class KeyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private KeyFiles() {}

  /** Refuses a key file that is missing or that its group or others may access. */
  static void requirePrivate(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("the root key file " + file + " does not exist or is not a regular file");
    }
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return; // no POSIX permissions on this file system (Windows): nothing to check
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = view.readAttributes().permissions();
    } catch (IOException e) {
      throw new IllegalArgumentException("could not read the permissions of the root key file " + file);
    }
    if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
      throw new IllegalArgumentException("the root key file " + file + " is accessible by group or others (permissions "
          + PosixFilePermissions.toString(permissions) + "); it must be readable by its owner only: chmod 600 " + file);
    }
  }

  /** Creates a new owner-only file with this content; refuses to overwrite. */
  static void createPrivate(Path file, String content) {
    try {
      Files.createFile(file, ownerOnly(file));
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException("the root key file " + file + " already exists; a root key is never overwritten");
    } catch (IOException e) {
      throw new IllegalArgumentException("could not write the root key file " + file + ": " + e.getClass().getSimpleName());
    }
  }

  /** Replaces a file's content atomically with an owner-only file. */
  static void replacePrivate(Path file, String content) {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, ".rootkey", ".tmp", ownerOnly(file));
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalArgumentException("could not rewrite the root key file " + file + ": " + e.getClass().getSimpleName());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the move succeeded, or the temp file is owner-only and holds nothing the old file did not
        }
      }
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir != null && Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
  }
}
