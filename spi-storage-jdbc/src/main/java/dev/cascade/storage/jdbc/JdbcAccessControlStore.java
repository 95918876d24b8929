package dev.cascade.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.BackendException;
import dev.cascade.ConflictException;
import dev.cascade.InvalidIdException;
import dev.cascade.access.Action;
import dev.cascade.access.Permission;
import dev.cascade.access.Role;
import dev.cascade.access.RoleBinding;
import dev.cascade.access.Subject;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.spi.AccessControlStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Custom roles, role bindings and group memberships in the tables {@code <prefix>role},
 * {@code <prefix>role_binding} and {@code <prefix>group_member}. Obtained from
 * {@link JdbcStorage#accessControl()}.
 *
 * <p>Nothing is cached: every call is one indexed query or one short transaction, so a change made through
 * any node is seen by every node's next access check. Behaves as the in-memory store: built-in role names
 * cannot be redefined, a role that is still bound cannot be deleted, roles and groups come back sorted by
 * name (Java {@link String} order, whatever the database collation), bindings in the order they were added.
 *
 * <p>A binding added concurrently with the deletion of the role it names may survive the deletion; it then
 * names an undefined role and grants nothing (the same as binding a role that was never defined).
 *
 * <p><b>Thread-safety:</b> thread-safe; each write is one transaction.
 */
public final class JdbcAccessControlStore implements AccessControlStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, List<String>>> GRANTS = new TypeReference<>() { };

    private final JdbcDatabase db;
    private final String roleTable;
    private final String bindingTable;
    private final String memberTable;

    JdbcAccessControlStore(JdbcDatabase db) {
        this.db = db;
        this.roleTable = db.table("role");
        this.bindingTable = db.table("role_binding");
        this.memberTable = db.table("group_member");
    }

    // ---- roles ----

    @Override
    public List<Role> roles(TenantId tenant) {
        requireTenant(tenant);
        return db.read(ctx("list roles", tenant, null), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, grants FROM " + roleTable + " WHERE tenant = ?")) {
                ps.setString(1, tenant.value());
                TreeMap<String, Role> sorted = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Role role = toRole(tenant, rs.getString(1), rs.getString(2));
                        sorted.put(role.name(), role);
                    }
                }
                return List.copyOf(sorted.values());
            }
        });
    }

    @Override
    public Optional<Role> role(TenantId tenant, String name) {
        requireTenant(tenant);
        Objects.requireNonNull(name, "name");
        return db.read(ctx("read role", tenant, name), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT grants FROM " + roleTable
                    + " WHERE tenant = ? AND name = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(toRole(tenant, name, rs.getString(1))) : Optional.<Role>empty();
                }
            }
        });
    }

    @Override
    public void putRole(TenantId tenant, Role role) {
        requireTenant(tenant);
        Objects.requireNonNull(role, "role");
        if (role.isBuiltIn()) {
            throw new InvalidIdException("Role '" + role.name() + "' is built in and cannot be redefined");
        }
        String grants = grantsToJson(role);
        String sql = db.dialect().upsert(roleTable, "tenant, name, grants", "tenant, name", "grants");
        db.write(ctx("put role", tenant, role.name()), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.value());
                ps.setString(2, role.name());
                ps.setString(3, grants);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean deleteRole(TenantId tenant, String name) {
        requireTenant(tenant);
        Objects.requireNonNull(name, "name");
        return db.write(ctx("delete role", tenant, name), c -> {
            Optional<Subject> boundTo = firstSubjectBoundTo(c, tenant, name);
            if (boundTo.isPresent()) {
                throw new ConflictException("Role '" + name + "' is still bound (" + boundTo.get() + " in tenant '"
                        + tenant + "'); remove its bindings first");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + roleTable + " WHERE tenant = ? AND name = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private Optional<Subject> firstSubjectBoundTo(Connection c, TenantId tenant, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT subject_kind, subject_id FROM " + bindingTable
                + " WHERE tenant = ? AND role = ? ORDER BY seq LIMIT 1")) {
            ps.setString(1, tenant.value());
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Subject(Subject.Kind.valueOf(rs.getString(1)), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    // ---- bindings ----

    @Override
    public List<RoleBinding> bindings(TenantId tenant) {
        requireTenant(tenant);
        return db.read(ctx("list role bindings", tenant, null), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT subject_kind, subject_id, role, namespace FROM "
                    + bindingTable + " WHERE tenant = ? ORDER BY seq")) {
                ps.setString(1, tenant.value());
                List<RoleBinding> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String ns = rs.getString(4);
                        out.add(new RoleBinding(tenant, new Subject(Subject.Kind.valueOf(rs.getString(1)), rs.getString(2)),
                                rs.getString(3), ns == null ? Optional.empty() : Optional.of(NamespaceId.of(ns))));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public boolean addBinding(RoleBinding binding) {
        Objects.requireNonNull(binding, "binding");
        String columns = " (tenant, subject_kind, subject_id, role, namespace) VALUES (?, ?, ?, ?, ?)";
        boolean postgres = db.dialect() == JdbcDatabase.Dialect.POSTGRESQL;
        String sql = "INSERT INTO " + bindingTable + columns + (postgres ? " ON CONFLICT DO NOTHING" : "");
        return db.write(ctx("add role binding", binding.tenant(), binding.role()), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, binding.tenant().value());
                ps.setString(2, binding.subject().kind().name());
                ps.setString(3, binding.subject().id());
                ps.setString(4, binding.role());
                ps.setString(5, binding.namespace().map(NamespaceId::value).orElse(null));
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                // H2, MySQL and MariaDB (PostgreSQL skips duplicates in SQL): the failed statement alone is undone
                // and the transaction stays usable
                if (!postgres && JdbcDatabase.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean removeBinding(RoleBinding binding) {
        Objects.requireNonNull(binding, "binding");
        String sql = "DELETE FROM " + bindingTable + " WHERE tenant = ? AND subject_kind = ? AND subject_id = ? AND role = ?"
                + (binding.namespace().isPresent() ? " AND namespace = ?" : " AND namespace IS NULL");
        return db.write(ctx("remove role binding", binding.tenant(), binding.role()), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, binding.tenant().value());
                ps.setString(2, binding.subject().kind().name());
                ps.setString(3, binding.subject().id());
                ps.setString(4, binding.role());
                if (binding.namespace().isPresent()) {
                    ps.setString(5, binding.namespace().get().value());
                }
                return ps.executeUpdate() > 0;
            }
        });
    }

    // ---- group memberships ----

    @Override
    public Set<String> groupsOf(TenantId tenant, String user) {
        requireTenant(tenant);
        Objects.requireNonNull(user, "user");
        return db.read(ctx("read groups of user", tenant, null), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT group_id FROM " + memberTable
                    + " WHERE tenant = ? AND user_id = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, user);
                Set<String> out = new TreeSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return Set.copyOf(out);
            }
        });
    }

    @Override
    public Map<String, Set<String>> groups(TenantId tenant) {
        requireTenant(tenant);
        return db.read(ctx("list groups", tenant, null), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT group_id, user_id FROM " + memberTable
                    + " WHERE tenant = ?")) {
                ps.setString(1, tenant.value());
                TreeMap<String, Set<String>> members = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        members.computeIfAbsent(rs.getString(1), g -> new TreeSet<>()).add(rs.getString(2));
                    }
                }
                Map<String, Set<String>> out = new TreeMap<>();
                members.forEach((g, m) -> out.put(g, Set.copyOf(m)));
                return Collections.unmodifiableMap(out);
            }
        });
    }

    @Override
    public boolean addMember(TenantId tenant, String group, String user) {
        requireTenant(tenant);
        requireId(group, "group");
        requireId(user, "user");
        boolean postgres = db.dialect() == JdbcDatabase.Dialect.POSTGRESQL;
        String sql = "INSERT INTO " + memberTable + " (tenant, group_id, user_id) VALUES (?, ?, ?)"
                + (postgres ? " ON CONFLICT DO NOTHING" : "");
        return db.write(ctx("add group member", tenant, group), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.value());
                ps.setString(2, group);
                ps.setString(3, user);
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                if (!postgres && JdbcDatabase.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean removeMember(TenantId tenant, String group, String user) {
        requireTenant(tenant);
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(user, "user");
        return db.write(ctx("remove group member", tenant, group), c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + memberTable
                    + " WHERE tenant = ? AND group_id = ? AND user_id = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, group);
                ps.setString(3, user);
                return ps.executeUpdate() > 0;
            }
        });
    }

    // ---- helpers ----

    private static void requireTenant(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
    }

    private static void requireId(String id, String what) {
        if (!dev.cascade.internal.Ids.isPrincipalId(id)) {
            throw new InvalidIdException(what + " id must be 1 to 255 non-blank characters without control characters");
        }
    }

    private static JdbcDatabase.Context ctx(String operation, TenantId tenant, String key) {
        return new JdbcDatabase.Context(operation, tenant.value(), null, key);
    }

    private static String grantsToJson(Role role) {
        Map<String, List<String>> out = new TreeMap<>();
        role.grants().forEach((p, actions) -> out.put(p.name(), actions.stream().map(Action::name).sorted().toList()));
        try {
            return MAPPER.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("grants of role '" + role.name() + "' cannot be written as JSON", e);
        }
    }

    private static Role toRole(TenantId tenant, String name, String json) {
        try {
            Map<Permission, Set<Action>> grants = new EnumMap<>(Permission.class);
            MAPPER.readValue(json, GRANTS).forEach((p, actions) -> {
                Set<Action> set = EnumSet.noneOf(Action.class);
                actions.forEach(a -> set.add(Action.valueOf(a)));
                grants.put(Permission.valueOf(p), set);
            });
            return new Role(name, grants);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new BackendException(JdbcDatabase.BACKEND, "read role", tenant.value(), null, name,
                    "stored grants of role '" + name + "' cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcAccessControlStore{tablePrefix=" + db.config().tablePrefix() + "}";
    }
}
