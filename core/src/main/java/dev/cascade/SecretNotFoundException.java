package dev.cascade;

/**
 * {@code secret('KEY')} found the key in none of the namespaces it searched. The message names the key
 * and every namespace searched, in order.
 */
public class SecretNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    public SecretNotFoundException(String message) {
        super(message);
    }
}
