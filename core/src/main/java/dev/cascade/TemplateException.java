package dev.cascade;

/**
 * A template failed to parse or render. The message names the expression, its line and the template; never a secret value.
 */
public class TemplateException extends CascadeException {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
