package dev.cascade;

/**
 * A YAML or JSON document, a plugin-defaults rule or a variables tree was refused. The message gives line and column where the parser knows them.
 */
public class InvalidDocumentException extends CascadeException {
    private static final long serialVersionUID = 1L;

    public InvalidDocumentException(String message) {
        super(message);
    }

    public InvalidDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
