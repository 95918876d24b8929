package dev.cascade;

/**
 * A builder, provider or backend configuration was refused: an unknown provider name, a missing or invalid property, an ambiguous discovery.
 */
public class ConfigurationException extends CascadeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
