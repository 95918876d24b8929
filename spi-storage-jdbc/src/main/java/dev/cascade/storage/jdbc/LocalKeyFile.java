package dev.cascade.storage.jdbc;

import dev.cascade.ConfigurationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The key file of the embedded default: 32 random bytes, Base64, created once beside the H2 database. */
final class LocalKeyFile {
    static final String KEY_ID = "local";

    private LocalKeyFile() {
    }

    static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            // written whole under another name, owner-only, then renamed: no reader sees half a key
            Path tmp = Files.createTempFile(dir, ".cascade-key", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the directory's ACLs apply
                }
                Files.writeString(tmp, encoded + "\n", StandardCharsets.US_ASCII);
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            } finally {
                Files.deleteIfExists(tmp);
            }
            return encoded;
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read or create the local encryption key file " + file
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
