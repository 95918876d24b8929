package dev.cascade.storage.jdbc;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AES-256-GCM with a random 96-bit nonce per value and additional authenticated data that binds the
 * ciphertext to its row (tenant, namespace, key) and to the key id, so a ciphertext copied to another row or
 * relabelled with another key id fails authentication. Thread-safe (a new {@link Cipher} per call).
 * Package-private.
 */
final class SecretCipher {
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CHECK_PLAINTEXT = "cascade key check v1";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The value could not be decrypted: wrong key for that key id, or the stored bytes were altered or moved. */
    static final class AuthenticationFailure extends Exception {
        private static final long serialVersionUID = 1L;

        AuthenticationFailure() {
            super("GCM authentication failed", null, false, false);
        }
    }

    record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    private final Map<String, SecretKeySpec> keys = new TreeMap<>();

    SecretCipher(JdbcConfig config) {
        for (String id : config.encryptionKeyIds()) {
            byte[] raw = config.encryptionKey(id).orElseThrow();
            keys.put(id, new SecretKeySpec(raw, "AES"));
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    Set<String> keyIds() {
        return keys.keySet();
    }

    boolean hasKey(String keyId) {
        return keys.containsKey(keyId);
    }

    static byte[] aad(String tenant, String namespace, String key, String keyId) {
        return ("cascade-secret/v1\u0000" + tenant + "\u0000" + namespace + "\u0000" + key + "\u0000" + keyId)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] checkAad(String keyId) {
        return ("cascade-key-check/v1\u0000" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    Sealed seal(String keyId, String plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return new Sealed(keyId, nonce, cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // the message of a JCE failure never contains the plaintext; keep only its class to be sure
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName());
        }
    }

    String open(Sealed sealed, byte[] aad) throws AuthenticationFailure {
        return opener().open(sealed, aad);
    }

    /** An opener for several values in a row (one caller, one thread). */
    Opener opener() {
        return new Opener();
    }

    /**
     * Opens values with one {@link Cipher} instance, initialised again for each value: looking the algorithm up
     * ({@code Cipher.getInstance}) costs several times the decryption of a short value, so a batch of values
     * (a namespace's prefetch) pays it once. Not thread-safe: one per call.
     */
    final class Opener {
        private Cipher cipher;

        String open(Sealed sealed, byte[] aad) throws AuthenticationFailure {
            if (sealed.nonce() == null || sealed.nonce().length != NONCE_BYTES) {
                throw new AuthenticationFailure();
            }
            try {
                if (cipher == null) {
                    cipher = Cipher.getInstance("AES/GCM/NoPadding");
                }
                cipher.init(Cipher.DECRYPT_MODE, key(sealed.keyId()), new GCMParameterSpec(TAG_BITS, sealed.nonce()));
                cipher.updateAAD(aad);
                byte[] plain = cipher.doFinal(sealed.ciphertext());
                return new String(plain, StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                cipher = null; // a failed value never leaves a half-used instance to the next one
                throw new AuthenticationFailure();
            }
        }
    }

    /** A check value proving later that a configured key is the same key that was used before. */
    Sealed checkValue(String keyId) {
        return seal(keyId, CHECK_PLAINTEXT, checkAad(keyId));
    }

    boolean verifyCheckValue(String keyId, byte[] nonce, byte[] value) {
        try {
            return CHECK_PLAINTEXT.equals(open(new Sealed(keyId, nonce, value), checkAad(keyId)));
        } catch (AuthenticationFailure e) {
            return false;
        }
    }

    private SecretKeySpec key(String keyId) {
        SecretKeySpec k = keys.get(keyId);
        if (k == null) {
            throw new IllegalStateException("no key " + keyId);
        }
        return k;
    }

    @Override
    public String toString() {
        return "SecretCipher{keyIds=" + keys.keySet() + "}";
    }
}
