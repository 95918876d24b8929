-- Cascade JDBC storage schema (MySQL 8+ and MariaDB 10.6+). Every table name starts with the configured prefix.
-- Text is utf8mb4 with a binary collation (${collation}): namespace ids, secret keys and every other id compare
-- byte for byte, case-sensitively, as on PostgreSQL and H2. Documents are LONGTEXT, not JSON: MySQL's JSON type
-- rewrites the document (key order, number forms), LONGTEXT keeps the exact text Cascade wrote. Times are
-- DATETIME(6) in UTC.
CREATE TABLE ${prefix}namespace (
    tenant             VARCHAR(64)  NOT NULL,
    id                 VARCHAR(255) NOT NULL,
    description        LONGTEXT     NOT NULL,
    allowed_namespaces LONGTEXT     NOT NULL,
    secret_store       VARCHAR(255),
    version            BIGINT       NOT NULL,
    created            DATETIME(6)  NOT NULL,
    updated            DATETIME(6)  NOT NULL,
    PRIMARY KEY (tenant, id)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

CREATE TABLE ${prefix}used_namespace (
    tenant VARCHAR(64)  NOT NULL,
    id     VARCHAR(255) NOT NULL,
    PRIMARY KEY (tenant, id)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

CREATE TABLE ${prefix}variables (
    tenant    VARCHAR(64)  NOT NULL,
    namespace VARCHAR(255) NOT NULL,
    document  LONGTEXT     NOT NULL,
    version   BIGINT       NOT NULL,
    updated   DATETIME(6)  NOT NULL,
    PRIMARY KEY (tenant, namespace),
    CONSTRAINT ${prefix}variables_namespace FOREIGN KEY (tenant, namespace)
        REFERENCES ${prefix}namespace (tenant, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

CREATE TABLE ${prefix}plugin_defaults (
    tenant    VARCHAR(64)  NOT NULL,
    namespace VARCHAR(255) NOT NULL,
    document  LONGTEXT     NOT NULL,
    version   BIGINT       NOT NULL,
    updated   DATETIME(6)  NOT NULL,
    PRIMARY KEY (tenant, namespace),
    CONSTRAINT ${prefix}plugin_defaults_namespace FOREIGN KEY (tenant, namespace)
        REFERENCES ${prefix}namespace (tenant, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

CREATE TABLE ${prefix}revision (
    tenant    VARCHAR(64)  NOT NULL,
    namespace VARCHAR(255) NOT NULL,
    kind      VARCHAR(16)  NOT NULL,
    version   BIGINT       NOT NULL,
    document  LONGTEXT     NOT NULL,
    written   DATETIME(6)  NOT NULL,
    PRIMARY KEY (tenant, namespace, kind, version),
    CONSTRAINT ${prefix}revision_namespace FOREIGN KEY (tenant, namespace)
        REFERENCES ${prefix}namespace (tenant, id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

CREATE TABLE ${prefix}secret (
    tenant      VARCHAR(64)  NOT NULL,
    namespace   VARCHAR(255) NOT NULL,
    secret_key  VARCHAR(255) NOT NULL,
    key_id      VARCHAR(64)  NOT NULL,
    nonce       VARBINARY(255) NOT NULL,
    ciphertext  LONGBLOB     NOT NULL,
    description LONGTEXT     NOT NULL,
    tags        LONGTEXT     NOT NULL,
    version     BIGINT       NOT NULL,
    updated     DATETIME(6)  NOT NULL,
    PRIMARY KEY (tenant, namespace, secret_key),
    INDEX ${prefix}secret_key_id (key_id)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

CREATE TABLE ${prefix}encryption_key (
    key_id      VARCHAR(64)    NOT NULL PRIMARY KEY,
    check_nonce VARBINARY(255) NOT NULL,
    check_value VARBINARY(255) NOT NULL,
    created     DATETIME(6)    NOT NULL
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

CREATE TABLE ${prefix}audit (
    seq            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant         VARCHAR(64)  NOT NULL,
    namespace      VARCHAR(255),
    resource       VARCHAR(32)  NOT NULL,
    resource_key   VARCHAR(255),
    action         VARCHAR(16)  NOT NULL,
    actor          VARCHAR(255) NOT NULL,
    event_time     DATETIME(6)  NOT NULL,
    version_before BIGINT       NOT NULL,
    version_after  BIGINT       NOT NULL,
    diff           LONGTEXT     NOT NULL,
    value_changed  BOOLEAN      NOT NULL,
    outcome        VARCHAR(16)  NOT NULL,
    INDEX ${prefix}audit_tenant_time (tenant, event_time)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

-- Polled by every node's change-log watcher: "WHERE seq > ? ORDER BY seq LIMIT n" is a range read of the
-- primary key; expired rows are trimmed through the created index.
CREATE TABLE ${prefix}change (
    seq        BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant     VARCHAR(64)  NOT NULL,
    namespace  VARCHAR(255) NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    secret_key VARCHAR(255),
    origin     VARCHAR(64)  NOT NULL,
    created    DATETIME(6)  NOT NULL,
    INDEX ${prefix}change_created (created)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};
