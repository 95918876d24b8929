package dev.cascade.config;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where one module's properties come from. Each module documents its properties by name ({@code url},
 * {@code pollInterval}, {@code retry.maxRetries}); a source finds them
 *
 * <ul>
 *   <li>in a {@code Map}, under that name: {@code url};</li>
 *   <li>in system properties, under {@code cascade.<module>.<name>}: {@code cascade.jdbc.url};</li>
 *   <li>in environment variables, under {@code CASCADE_<MODULE>_<NAME>} with the name in upper case, dots and
 *   word boundaries written as {@code _}: {@code CASCADE_JDBC_URL}, {@code CASCADE_JDBC_POLL_INTERVAL},
 *   {@code CASCADE_VAULT_RETRY_MAX_RETRIES}. For a family of properties such as {@code encryptionKey.<id>},
 *   what follows the family's prefix is kept as written: {@code CASCADE_JDBC_ENCRYPTION_KEY_2026_01} is
 *   {@code encryptionKey.2026_01}.</li>
 * </ul>
 *
 * {@link #standard(Map)} reads all three; the first source that has a property wins: the map given in code, then
 * system properties, then the environment. Environment variables and system properties under a module's prefix
 * that match no property of the module are passed on (an environment variable under its full name), so the
 * module reports them as unknown: a typo does not go unnoticed. Sources are immutable snapshots, safe to share between threads, except those reading the live
 * system properties and environment, which read them on every call.
 */
@FunctionalInterface
public interface ConfigSource {

    /**
     * The properties found for one module.
     *
     * @param module   the module's short name, lower case: {@code jdbc}, {@code vault}, {@code aws}, {@code resolver}
     * @param names    the module's property names, used to map environment variable names back
     * @param families prefixes of property families such as {@code encryptionKey.}
     */
    Map<String, String> properties(String module, Set<String> names, Set<String> families);

    /** Properties by their documented names, whatever the module. */
    static ConfigSource of(Map<String, String> properties) {
        Map<String, String> copy = Map.copyOf(properties == null ? Map.of() : properties);
        return (module, names, families) -> copy;
    }

    /** {@code cascade.<module>.<name>} in the JVM's system properties, read at each call. */
    static ConfigSource systemProperties() {
        return (module, names, families) -> fromSystemProperties(System.getProperties(), module);
    }

    /** {@code cascade.<module>.<name>} in the given properties (for tests and hosts that load their own files). */
    static ConfigSource systemProperties(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return (module, names, families) -> fromSystemProperties(copy, module);
    }

    /** {@code CASCADE_<MODULE>_<NAME>} in the process environment, read at each call. */
    static ConfigSource environment() {
        return (module, names, families) -> fromEnvironment(System.getenv(), module, names, families);
    }

    /** {@code CASCADE_<MODULE>_<NAME>} in the given map (for tests). */
    static ConfigSource environment(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return (module, names, families) -> fromEnvironment(copy, module, names, families);
    }

    /** The first source holding a property wins. */
    static ConfigSource firstOf(ConfigSource... sources) {
        ConfigSource[] copy = sources.clone();
        return (module, names, families) -> {
            Map<String, String> merged = new TreeMap<>();
            for (int i = copy.length - 1; i >= 0; i--) {
                merged.putAll(copy[i].properties(module, names, families));
            }
            return Map.copyOf(merged);
        };
    }

    /** The map given, then system properties, then environment variables. */
    static ConfigSource standard(Map<String, String> properties) {
        return firstOf(of(properties), systemProperties(), environment());
    }

    /** The environment variable name of a property: {@code CASCADE_JDBC_POLL_INTERVAL} for jdbc's pollInterval. */
    static String environmentName(String module, String name) {
        return "CASCADE_" + module.toUpperCase(Locale.ROOT) + "_" + upperSnake(name);
    }

    private static Map<String, String> fromSystemProperties(Properties properties, String module) {
        String prefix = "cascade." + module + ".";
        Map<String, String> found = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                found.put(key.substring(prefix.length()), properties.getProperty(key));
            }
        }
        return found;
    }

    private static Map<String, String> fromEnvironment(Map<String, String> env, String module, Set<String> names,
                                                       Set<String> families) {
        String prefix = "CASCADE_" + module.toUpperCase(Locale.ROOT) + "_";
        Map<String, String> byEnvName = new TreeMap<>();
        for (String name : names) {
            byEnvName.put(upperSnake(name), name);
        }
        Map<String, String> found = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith(prefix) || e.getKey().length() == prefix.length()) {
                continue;
            }
            String rest = e.getKey().substring(prefix.length());
            String name = byEnvName.get(rest);
            if (name == null) {
                for (String family : families) {
                    String familyPrefix = upperSnake(family.endsWith(".") ? family.substring(0, family.length() - 1)
                            : family) + "_";
                    if (rest.startsWith(familyPrefix) && rest.length() > familyPrefix.length()) {
                        name = family + rest.substring(familyPrefix.length());
                        break;
                    }
                }
            }
            found.put(name == null ? e.getKey() : name, e.getValue());   // unknown: reported under its own name
        }
        return found;
    }

    private static String upperSnake(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '-') {
                sb.append('_');
            } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
                sb.append('_').append(c);
            } else {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }
}
