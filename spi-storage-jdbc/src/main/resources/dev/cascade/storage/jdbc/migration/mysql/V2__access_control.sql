-- Cascade JDBC storage: role-based access control (MySQL and MariaDB). Read on every access check: every query
-- is served by the primary key or one of the indexes below.

-- Custom roles of a tenant (built-in roles are never stored). grants: JSON {"PERMISSION": ["ACTION", ...]}.
CREATE TABLE ${prefix}role (
    tenant VARCHAR(64) NOT NULL,
    name   VARCHAR(64) NOT NULL,
    grants LONGTEXT    NOT NULL,
    PRIMARY KEY (tenant, name)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

-- Role bindings. namespace NULL = tenant-wide. seq keeps the order bindings were added in. A unique index
-- treats NULLs as distinct here, so uniqueness covers namespace_key, which is '' for a tenant-wide binding
-- ('' is never a namespace id): the equivalent of PostgreSQL's UNIQUE NULLS NOT DISTINCT.
CREATE TABLE ${prefix}role_binding (
    seq           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant        VARCHAR(64)  NOT NULL,
    subject_kind  VARCHAR(8)   NOT NULL,
    subject_id    VARCHAR(255) NOT NULL,
    role          VARCHAR(64)  NOT NULL,
    namespace     VARCHAR(255),
    namespace_key VARCHAR(255) AS (COALESCE(namespace, '')) STORED,
    CONSTRAINT ${prefix}role_binding_unique
        UNIQUE (tenant, subject_kind, subject_id, role, namespace_key),
    INDEX ${prefix}role_binding_tenant (tenant, seq),
    INDEX ${prefix}role_binding_role (tenant, role)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};

-- Group memberships stored by Cascade (the host may also assert groups per call).
CREATE TABLE ${prefix}group_member (
    tenant   VARCHAR(64)  NOT NULL,
    group_id VARCHAR(255) NOT NULL,
    user_id  VARCHAR(255) NOT NULL,
    PRIMARY KEY (tenant, group_id, user_id),
    INDEX ${prefix}group_member_user (tenant, user_id)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation};
