package dev.cascade.resolve;

import dev.cascade.AccessDeniedException;
import dev.cascade.BackendException;
import dev.cascade.InvalidDocumentException;
import dev.cascade.NotFoundException;
import dev.cascade.SecretNotFoundException;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.internal.resolve.TaskPlan;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.TenantId;
import dev.cascade.template.TemplateRenderException;
import dev.cascade.observe.Resolution;

import java.util.List;
import java.util.Map;

/**
 * A task of a flow prepared for repeated resolution in one namespace ({@link Resolver#prepare}): the host
 * keeps it per flow revision and calls {@link #resolve} per execution. It holds its own copy of the task and the
 * flow's rules, so the host's maps may change afterwards without effect. Each {@code resolve} checks that the
 * namespace's cached state is still the one the plan was made from (writes, invalidations and expiry are seen
 * exactly as by {@link Resolver#resolveTask}), and otherwise re-plans; then it copies the precomputed tree and
 * renders only the templated values.
 *
 * <p><b>Thread-safety:</b> immutable as seen by callers and safe for concurrent use; valid as long as its
 * resolver is open.
 */
public final class PreparedTask {
    private final Resolver resolver;
    private final TenantId tenant;
    private final NamespaceId namespace;
    private final Map<String, Object> task;
    private final List<PluginDefault> flowRules;
    private volatile TaskPlan plan;

    PreparedTask(Resolver resolver, TenantId tenant, NamespaceId namespace, Map<String, Object> task,
                 List<PluginDefault> flowRules, TaskPlan plan) {
        this.resolver = resolver;
        this.tenant = tenant;
        this.namespace = namespace;
        this.task = task;
        this.flowRules = flowRules;
        this.plan = plan;
    }

    /**
     * Resolves the task with {@code hostVariables} ({@code flow}, {@code execution}, …; {@code namespace} is
     * reserved): the same result as {@link Resolver#resolveTask} with the task and flow rules given to
     * {@link Resolver#prepare}.
     *
     * @throws InvalidDocumentException a reserved host variable
     * @throws NotFoundException        the namespace does not exist and {@code requireExistingNamespace} is set
     * @throws TemplateRenderException  a template failed (the message names the property)
     * @throws SecretNotFoundException  a secret is missing in every namespace searched
     * @throws AccessDeniedException    {@code secret(..., namespace=)} names a namespace that does not allow the caller
     * @throws BackendException         a storage or secret backend failed or timed out
     */
    public ResolvedTask resolve(Map<String, Object> hostVariables) {
        if (resolver.observing()) {
            return resolver.observed(Resolution.Operation.RESOLVE_TASK, tenant, namespace, () -> resolveNow(hostVariables));
        }
        return resolveNow(hostVariables);
    }

    private ResolvedTask resolveNow(Map<String, Object> hostVariables) {
        TaskPlan p = plan;
        p = resolver.current(p, tenant, namespace, task, flowRules);
        plan = p;
        return resolver.resolve(p, hostVariables);
    }

    public TenantId tenant() {
        return tenant;
    }

    public NamespaceId namespace() {
        return namespace;
    }

    @Override
    public String toString() {
        return "PreparedTask[tenant=" + tenant + ", namespace=" + namespace + ", type=" + task.get("type") + "]";
    }
}
