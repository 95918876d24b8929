/**
 * A {@link dev.cascade.spi.SecretStore} on AWS Secrets Manager (AWS SDK v2), configured by
 * {@link dev.cascade.secrets.aws.AwsSecretStoreConfig}; provider name {@code aws-secrets-manager}.
 *
 * <p><b>API (and SPI implementation).</b>
 */
package dev.cascade.secrets.aws;
