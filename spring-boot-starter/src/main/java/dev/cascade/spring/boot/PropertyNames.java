package dev.cascade.spring.boot;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps the keys Spring's relaxed binding hands over ({@code pool-size}, {@code poolsize}) to the names Cascade's
 * configuration grammar knows ({@code poolSize}), so both spellings work; unknown keys pass unchanged and the
 * grammar reports them. Not API.
 */
final class PropertyNames {
    static final Set<String> NONE = Set.of();
    /** JdbcConfig's properties, {@code encryptionKey.} being a prefix. */
    static final Set<String> JDBC = Set.of("url", "user", "password", "poolSize", "tablePrefix", "pollInterval",
            "listenNotify", "migrate", "changeLogRetention", "activeKeyId", "encryptionKey.");

    private PropertyNames() {
    }

    static Map<String, String> canonical(Map<String, String> properties, Set<String> known) {
        Map<String, String> out = new LinkedHashMap<>();
        if (properties == null) {
            return out;
        }
        properties.forEach((key, value) -> out.put(canonical(key, known), value == null ? "" : value));
        return out;
    }

    private static String canonical(String key, Set<String> known) {
        String loose = loose(key);
        for (String name : known) {
            if (name.endsWith(".")) {
                String prefix = loose(name);
                if (loose.startsWith(prefix) && key.length() > name.length() - 1) {
                    int dot = key.indexOf('.');
                    return dot < 0 ? key : name + key.substring(dot + 1);
                }
            } else if (loose(name).equals(loose)) {
                return name;
            }
        }
        return key;
    }

    private static String loose(String s) {
        return s.replace("-", "").toLowerCase(Locale.ROOT);
    }
}
