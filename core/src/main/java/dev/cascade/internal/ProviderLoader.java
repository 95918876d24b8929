package dev.cascade.internal;

import dev.cascade.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds a provider by name through {@link ServiceLoader}, slf4j-style: a provider that fails to load is
 * skipped with a warning that says why; no match and several matches fail with a message listing what
 * was found. Not API.
 */
public final class ProviderLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderLoader.class);

    private ProviderLoader() {
    }

    public static <P> P find(Class<P> type, String name, Function<P, String> nameOf, ClassLoader classLoader) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("No " + type.getSimpleName() + " name given; name one of: "
                    + String.join(", ", names(type, nameOf, classLoader)));
        }
        List<P> matches = new ArrayList<>();
        List<String> available = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<P> it = ServiceLoader.load(type, classLoader).iterator();
        while (true) {
            P provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                LOG.warn("Skipping a {} that failed to load: {}", type.getSimpleName(), e.getMessage());
                failures.add(e.getMessage());
                continue;
            }
            String providerName;
            try {
                providerName = nameOf.apply(provider);
            } catch (RuntimeException e) {
                LOG.warn("Skipping {} {}: its name() threw {}", type.getSimpleName(), provider.getClass().getName(), e.toString());
                failures.add(provider.getClass().getName() + ": " + e);
                continue;
            }
            available.add(providerName + " (" + provider.getClass().getName() + ")");
            if (name.equals(providerName)) {
                matches.add(provider);
            }
        }
        if (matches.isEmpty()) {
            StringBuilder sb = new StringBuilder("No ").append(type.getSimpleName()).append(" named '").append(name)
                    .append("' on the class path. ");
            if (available.isEmpty()) {
                sb.append("None is registered in META-INF/services/").append(type.getName())
                        .append("; add the module that provides it (for example cascade-storage-jdbc) as a dependency.");
            } else {
                sb.append("Found: ").append(String.join(", ", available)).append('.');
            }
            if (!failures.isEmpty()) {
                sb.append(" Providers that failed to load: ").append(String.join("; ", failures));
            }
            throw new ConfigurationException(sb.toString());
        }
        if (matches.size() > 1) {
            List<String> classes = new ArrayList<>();
            matches.forEach(m -> classes.add(m.getClass().getName()));
            throw new ConfigurationException("Several " + type.getSimpleName() + "s are named '" + name + "': "
                    + String.join(", ", classes) + ". Remove one from the class path or pass an instance to the builder.");
        }
        P found = matches.get(0);
        LOG.debug("Using {} '{}' ({})", type.getSimpleName(), name, found.getClass().getName());
        return found;
    }

    private static <P> List<String> names(Class<P> type, Function<P, String> nameOf, ClassLoader cl) {
        List<String> names = new ArrayList<>();
        for (ServiceLoader.Provider<P> p : ServiceLoader.load(type, cl).stream().toList()) {
            try {
                names.add(nameOf.apply(p.get()));
            } catch (RuntimeException | ServiceConfigurationError e) {
                // reported when a name is looked up
            }
        }
        return names;
    }
}
