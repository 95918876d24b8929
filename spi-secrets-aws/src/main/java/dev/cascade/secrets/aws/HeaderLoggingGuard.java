package dev.cascade.secrets.aws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the AWS session token out of the JDK's HTTP debug log. The URL-connection HTTP client sends through
 * {@code HttpURLConnection}, whose platform logger {@value #HTTP_LOGGER} writes every request header, the
 * {@code X-Amz-Security-Token} (a session credential) and {@code Authorization} (access key id and a
 * per-request signature) included, at {@code FINE}/{@code DEBUG}. A host that bridges JUL to SLF4J at DEBUG,
 * or turns JUL up for diagnosis, would write the token to its logs.
 *
 * <p>Just before each request is sent this interceptor asks that logger (through {@link System#getLogger},
 * so a host's own {@code System.LoggerFinder} is honoured as well as plain JUL) whether it logs at DEBUG.
 * If it does and the request carries a session token, the request is refused with an error that names the
 * logger; without a session token (the header holds no reusable credential then) a WARN is written once.
 * The guard reads the level at every request, so turning the logger down takes effect at once.
 * Stateless apart from the warn-once flag; thread-safe; not API.
 */
final class HeaderLoggingGuard implements ExecutionInterceptor {
    static final String HTTP_LOGGER = "sun.net.www.protocol.http.HttpURLConnection";
    static final String SESSION_TOKEN_HEADER = "X-Amz-Security-Token";
    static final String REFUSAL = "refused to send: the JDK logger '" + HTTP_LOGGER + "' is enabled at DEBUG/FINE "
            + "and would log the request headers, the AWS session token included; set that logger (or 'sun.net') "
            + "to INFO or higher";

    private static final Logger LOG = LoggerFactory.getLogger(HeaderLoggingGuard.class);
    private static final System.Logger HTTP = System.getLogger(HTTP_LOGGER);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        if (!HTTP.isLoggable(System.Logger.Level.DEBUG)) {
            return;
        }
        if (context.httpRequest().firstMatchingHeader(SESSION_TOKEN_HEADER).isPresent()) {
            throw SdkClientException.create(REFUSAL);
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("The JDK logger '{}' is enabled at DEBUG/FINE: it logs the headers of every Secrets Manager "
                    + "request (access key id and request signatures); set it to INFO or higher", HTTP_LOGGER);
        }
    }
}
