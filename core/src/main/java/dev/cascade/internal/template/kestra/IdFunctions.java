package dev.cascade.internal.template.kestra;

import io.pebbletemplates.pebble.extension.Function;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.cascade.internal.template.kestra.Calls.budget;
import static dev.cascade.internal.template.kestra.Calls.function;
import static dev.cascade.internal.template.kestra.Calls.invalid;

/**
 * Kestra's identifier and random functions: {@code uuid()} (a random UUID, canonical form), {@code id()} (a
 * random UUID in base 62, as Kestra's execution ids), {@code ksuid()}, {@code nanoId(length, alphabet)} and
 * {@code randomInt(lower, upper)} (upper bound excluded). Thread-safe; not API.
 */
final class IdFunctions {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String NANO_ALPHABET = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);
    private static final int MAX_NANO_ID = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdFunctions() {
    }

    static void register(Map<String, Function> functions) {
        functions.put("uuid", function(List.of(), (args, line) -> UUID.randomUUID().toString()));
        functions.put("id", function(List.of(), (args, line) -> base62(UUID.randomUUID())));
        functions.put("ksuid", function(List.of(), (args, line) -> ksuid(System.currentTimeMillis() / 1000)));
        functions.put("nanoId", function(List.of("length", "alphabet"), (args, line) -> {
            Object l = args.get("length");
            Long length = l == null ? Long.valueOf(21) : Calls.asLong(l);
            if (length == null || length < 1 || length > MAX_NANO_ID) {
                throw invalid(line, "nanoId needs the argument 'length' as an integer from 1 to " + MAX_NANO_ID);
            }
            String alphabet = Calls.optionalString(args, "alphabet", "nanoId", line, NANO_ALPHABET);
            if (alphabet.isEmpty() || alphabet.length() > 256) {
                throw invalid(line, "nanoId needs the argument 'alphabet' as a string of 1 to 256 characters");
            }
            budget().checkSize(length);
            budget().step(length);
            StringBuilder sb = new StringBuilder(length.intValue());
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            }
            return sb.toString();
        }));
        functions.put("randomInt", function(List.of("lower", "upper"), (args, line) -> {
            long lower = Calls.integer(args, "lower", "randomInt", line);
            long upper = Calls.integer(args, "upper", "randomInt", line);
            if (upper < lower) {
                throw invalid(line, "randomInt needs 'upper' greater than or equal to 'lower'");
            }
            if (upper == lower) {
                return lower;
            }
            return ThreadLocalRandom.current().nextLong(lower, upper);
        }));
    }

    /**
     * A K-sortable id: 4 bytes of seconds since 2014-05-13T16:53:20Z (the KSUID epoch, 1 400 000 000) and 16
     * random bytes, in base 62 padded to 27 characters, so that ids sort by creation second.
     */
    static String ksuid(long epochSeconds) {
        byte[] bytes = new byte[20];
        long t = epochSeconds - 1_400_000_000L;
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (t >>> (24 - 8 * i));
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, bytes, 4, 16);
        String s = toBase62(new BigInteger(1, bytes));
        return "0".repeat(Math.max(0, 27 - s.length())) + s;
    }

    static String base62(UUID uuid) {
        return toBase62(new BigInteger(1, toBytes(uuid)));
    }

    private static String toBase62(BigInteger value) {
        if (value.signum() == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder(22);
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(SIXTY_TWO);
            sb.append(BASE62.charAt(qr[1].intValue()));
            value = qr[0];
        }
        return sb.reverse().toString();
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] b = new byte[16];
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }
}
