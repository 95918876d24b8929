package dev.cascade.resolve;

import dev.cascade.internal.Arguments;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.cascade.AccessDeniedException;
import dev.cascade.BackendException;
import dev.cascade.CascadeException;
import dev.cascade.ConfigurationException;
import dev.cascade.InvalidDocumentException;
import dev.cascade.NotFoundException;
import dev.cascade.SecretNotFoundException;
import dev.cascade.defaults.DefaultsLevel;
import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.defaults.TreeData;
import dev.cascade.internal.GuardedStores;
import dev.cascade.internal.ObserverHooks;
import dev.cascade.internal.resolve.DefaultsMerger;
import dev.cascade.internal.resolve.Generations;
import dev.cascade.internal.resolve.NamespaceContext;
import dev.cascade.internal.resolve.NamespaceFront;
import dev.cascade.internal.resolve.OpenResolvers;
import dev.cascade.internal.resolve.PlanCache;
import dev.cascade.internal.resolve.TaskPlan;
import dev.cascade.internal.resolve.TaskSnapshot;
import dev.cascade.internal.resolve.ResolutionSupport;
import dev.cascade.internal.resolve.SecretCache;
import dev.cascade.internal.resolve.SecretLocator;
import dev.cascade.internal.template.RenderScope;
import dev.cascade.internal.template.TemplateEngine;
import dev.cascade.internal.template.TemplateLimits;
import dev.cascade.namespace.Namespace;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.namespace.NamespaceStatus;
import dev.cascade.namespace.TenantId;
import dev.cascade.observe.CacheEvent;
import dev.cascade.observe.CascadeObserver;
import dev.cascade.observe.Resolution;
import dev.cascade.secret.SecretKey;
import dev.cascade.secret.SecretMasker;
import dev.cascade.secret.SecretStores;
import dev.cascade.secret.SecretValue;
import dev.cascade.spi.ChangeEvent;
import dev.cascade.spi.NamespaceLevel;
import dev.cascade.spi.SecretStore;
import dev.cascade.spi.Storage;
import dev.cascade.spi.Subscription;
import dev.cascade.spi.Versioned;
import dev.cascade.template.TemplateExtension;
import dev.cascade.template.TemplateRenderException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Resolves tasks and templates for a namespace: applies plugin defaults (global, namespace chain, flow),
 * renders every template with the namespace's variables and secrets, and reports where each property came
 * from and which secrets were used.
 *
 * <p>Caches effective namespaces per (tenant, namespace), secret values per (tenant, namespace, key), the
 * key list of each namespace, compiled templates and task plans, all bounded (see {@link ResolverCacheConfig}).
 * Hosts that resolve the same task or template again and again can {@link #prepare} or {@link #compile} it
 * once. No thread of the resolver wakes periodically: with the system clock, expiry is pushed by one-shot
 * tasks on Caffeine's scheduler instead of polled. On
 * build it subscribes to the storage's change feed and to every secret store; {@link #onChange} lets the
 * management facade report its own writes (including writes to stores that publish no events).
 *
 * <p><b>Thread-safety:</b> a Resolver is safe for concurrent use by any number of threads. Close it to
 * stop its subscriptions and its background threads.
 */
public final class Resolver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;
    private final SecretStores secretStores;
    private final DefaultsLevel globalLevel;
    private final boolean requireExistingNamespace;
    private final ListMerge listMerge;
    private final ResolverCacheConfig config;
    private final TemplateEngine templates;
    private final SecretCache secrets;
    /** Where a key is worth reading: from key sets, or directly for stores whose listing lags. */
    private final SecretLocator secretLocator;
    private final LoadingCache<NsKey, NamespaceContext> namespaces;
    private final Generations generations = new Generations();
    private final NamespaceFront front;
    private final PlanCache plans;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ExecutorService ownedExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The observer's hooks; {@link ObserverHooks#NONE} when nothing listens (checked before every hook). */
    private final ObserverHooks hooks;

    private record NsKey(TenantId tenant, NamespaceId namespace) { }

    /** An unmodifiable flow-rules list (by identity) and the level validated from it. */
    private record FlowLevelFront(List<PluginDefault> rules, DefaultsLevel level) { }

    private volatile FlowLevelFront flowFront;

    private final Ticker ticker;
    /**
     * With the system clock, nothing on the warm path reads a clock: the namespace cache and the secret memos
     * have their expiry pushed by Caffeine's scheduler (no thread of Cascade, nothing periodic). With a test
     * ticker, the fronts read it.
     */
    private final boolean pushedExpiry;
    private final long namespaceTtlNanos;

    private Resolver(Builder b) {
        List<String> problems = new ArrayList<>();
        if (b.storage == null) {
            problems.add("storage was 'null' but it is required");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid resolver configuration: " + String.join("; ", problems));
        }
        this.hooks = ObserverHooks.of(b.observer);
        // backend calls are timed by guarded wrappers, installed only when something listens
        this.storage = hooks.enabled() ? GuardedStores.guard(b.storage, hooks) : b.storage;
        this.secretStores = hooks.enabled() && b.secretStores != null ? GuardedStores.guard(b.secretStores, hooks)
                : b.secretStores;
        this.globalLevel = b.globalDefaults.isEmpty() ? null : DefaultsLevel.global(b.globalDefaults);
        this.requireExistingNamespace = b.requireExistingNamespace;
        this.listMerge = b.listMerge;
        this.config = b.config;
        Ticker ticker = b.ticker == null ? Ticker.systemTicker() : b.ticker::getAsLong;
        this.ticker = ticker;
        this.pushedExpiry = b.ticker == null;
        this.front = new NamespaceFront(pushedExpiry ? null : ticker::read);
        Scheduler scheduler = pushedExpiry ? Scheduler.systemScheduler() : null;
        this.namespaceTtlNanos = b.config.namespaceExpireAfterWrite().toNanos();
        Executor executor = b.executor;
        if (executor == null) {
            // bounded: backend calls beyond the bound fail fast instead of adding threads; idle threads end on
            // their own (no close() needed), and SecretCache runs at most one call per key at a time
            ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_BACKEND_THREADS, 30, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), new DaemonThreads());
            ownedExecutor = pool;
            executor = ownedExecutor;
        } else {
            ownedExecutor = null;
        }
        this.plans = new PlanCache(config.planCacheSize());
        this.templates = new TemplateEngine(new TemplateLimits(config.templateCacheSize(),
                config.templateCacheMaxChars(), config.maxRenderedChars(), config.maxTemplateSteps(),
                config.maxRangeLength(), config.maxRenderDepth()), true, b.templateExtensions);
        this.secrets = secretStores == null ? null : new SecretCache(secretStores, config, ticker, executor, scheduler, hooks);
        this.secretLocator = secrets == null ? null : new SecretLocator(secretStores, secrets);
        Caffeine<NsKey, NamespaceContext> nsBuilder = Caffeine.newBuilder()
                .maximumSize(config.namespaceCacheSize())
                .expireAfterWrite(config.namespaceExpireAfterWrite())
                .ticker(ticker)
                .executor(Runnable::run) // loads are synchronous anyway; maintenance on the caller is cheaper than a hand-off
                .evictionListener((NsKey k, NamespaceContext ctx, RemovalCause cause) -> {
                    if (k != null && ctx != null) {
                        front.evicted(k.tenant(), k.namespace(), ctx);
                        hooks.evicted(CacheEvent.Cache.NAMESPACE, k.tenant(), k.namespace(), null, null, cause);
                    }
                })
                .recordStats();
        if (scheduler != null) {
            nsBuilder.scheduler(scheduler); // expired entries leave (and leave the front) without a read
        }
        this.namespaces = nsBuilder.build(k -> hooks.enabled() ? observedLoad(k.tenant(), k.namespace())
                : load(k.tenant(), k.namespace()));
        subscriptions.add(storage.subscribe(this::onChange));
        if (secretStores != null) {
            for (SecretStore store : secretStores.all().values()) {
                subscriptions.add(store.subscribe(this::onChange));
            }
        }
        OpenResolvers.opened();
    }

    public static Builder builder() {
        return new Builder();
    }

    public ResolverCacheConfig cacheConfig() {
        return config;
    }

    // ---- resolution --------------------------------------------------------------------------------

    /**
     * Resolves one task of a flow in namespace {@code namespace}.
     *
     * @param task           the task as written (maps, lists, scalars); not modified
     * @param flowDefaults   the flow's plugin defaults (none may be forced); empty list or null for none
     * @param hostVariables  the host's own variables ({@code flow}, {@code execution}, …); {@code namespace} is reserved
     * @throws InvalidDocumentException a forced flow rule, a reserved host variable, a tree outside the data model
     * @throws NotFoundException        the namespace does not exist and {@code requireExistingNamespace} is set
     * @throws TemplateRenderException  a template failed (the message names the property)
     * @throws SecretNotFoundException  a secret is missing in every namespace searched
     * @throws AccessDeniedException    {@code secret(..., namespace=)} names a namespace that does not allow the caller
     * @throws BackendException         a storage or secret backend failed or timed out
     */
    public ResolvedTask resolveTask(TenantId tenant, NamespaceId namespace, Map<String, Object> task,
                                    List<PluginDefault> flowDefaults, Map<String, Object> hostVariables) {
        if (hooks.enabled()) {
            return hooks.resolution(Resolution.Operation.RESOLVE_TASK, tenant, namespace,
                    () -> resolveTaskUnobserved(tenant, namespace, task, flowDefaults, hostVariables));
        }
        return resolveTaskUnobserved(tenant, namespace, task, flowDefaults, hostVariables);
    }

    private ResolvedTask resolveTaskUnobserved(TenantId tenant, NamespaceId namespace, Map<String, Object> task,
                                               List<PluginDefault> flowDefaults, Map<String, Object> hostVariables) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(task, "task");
        Map<String, Object> host = checkHost(hostVariables);
        List<PluginDefault> rules = flowDefaults == null || flowDefaults.isEmpty() ? List.of() : flowDefaults;
        if (!rules.isEmpty()) {
            flowLevel(rules); // validated on every call: a host may change a modifiable list in between
        }
        NamespaceContext ctx = context(tenant, namespace, true);
        return resolve(plans.get(ctx, task, rules, planBuilder), host);
    }

    /**
     * Prepares a task of a flow for repeated resolution in {@code namespace}: plugin defaults are applied and
     * templates compiled once; {@link PreparedTask#resolve} then renders only the templated values (and re-plans
     * by itself after a write or an expiry). The task and rules are copied: later changes to them have no effect.
     *
     * @throws InvalidDocumentException a forced flow rule, a tree outside the data model
     * @throws NotFoundException        the namespace does not exist and {@code requireExistingNamespace} is set
     * @throws BackendException         the storage failed
     */
    public PreparedTask prepare(TenantId tenant, NamespaceId namespace, Map<String, Object> task,
                                List<PluginDefault> flowDefaults) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(task, "task");
        List<PluginDefault> rules = flowDefaults == null || flowDefaults.isEmpty() ? List.of()
                : DefaultsLevel.flow(flowDefaults).rules();
        @SuppressWarnings("unchecked")
        Map<String, Object> snapshot = (Map<String, Object>) TaskSnapshot.copy(task);
        NamespaceContext ctx = context(tenant, namespace, true);
        return new PreparedTask(this, tenant, namespace, snapshot, rules, buildPlan(ctx, snapshot, rules));
    }

    /** {@code plan} if it is still made from the namespace state this resolver serves, else a new plan. */
    TaskPlan current(TaskPlan plan, TenantId tenant, NamespaceId namespace, Map<String, Object> task,
                     List<PluginDefault> rules) {
        NamespaceContext ctx = context(tenant, namespace, true);
        return plan.context() == ctx ? plan : buildPlan(ctx, task, rules);
    }

    ResolvedTask resolve(TaskPlan plan, Map<String, Object> hostVariables) {
        RenderScope scope = scope(plan.context(), checkHost(hostVariables));
        return new ResolvedTask(plan.render(scope), plan.explain(), scope.masker());
    }

    /** Made once: a per-call lambda would allocate on every resolveTask. */
    private final PlanCache.PlanBuilder planBuilder = this::buildPlan;

    private TaskPlan buildPlan(NamespaceContext ctx, Map<String, Object> snapshot, List<PluginDefault> rules) {
        DefaultsMerger.DefaultsSource source = rules.isEmpty() ? ctx::forType : ctx.flowSource(rules, flowLevel(rules));
        return TaskPlan.build(ctx, snapshot, source, templates);
    }

    /**
     * Compiles {@code template} once for repeated renders in {@code namespace}: {@link CompiledTemplate#render}
     * skips the syntax check and the template-cache lookups.
     *
     * @throws TemplateRenderException the template does not compile
     */
    public CompiledTemplate compile(TenantId tenant, NamespaceId namespace, String template) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(template, "template");
        return new CompiledTemplate(this, tenant, namespace, templates.prepare(template));
    }

    RenderResult render(TenantId tenant, NamespaceId namespace, TemplateEngine.Prepared template,
                        Map<String, Object> hostVariables) {
        Map<String, Object> host = checkHost(hostVariables);
        NamespaceContext ctx = context(tenant, namespace, true);
        if (template.isLiteral()) {
            return new RenderResult(template.source(), SecretMasker.EMPTY);
        }
        RenderScope scope = scope(ctx, host);
        String output = template.render(scope);
        return new RenderResult(output, scope.masker());
    }

    /**
     * The validated flow level of {@code rules}. The last one is remembered by identity, and only when the list
     * is unmodifiable ({@code List.of}/{@code copyOf}, whose {@code copyOf} is itself) — its rules are immutable
     * records — so a host mutating its list between calls is validated again. Holds no secret.
     */
    private DefaultsLevel flowLevel(List<PluginDefault> rules) {
        FlowLevelFront f = flowFront;
        if (f != null && f.rules() == rules) {
            return f.level();
        }
        DefaultsLevel level = DefaultsLevel.flow(rules);
        if (level.rules() == rules) {
            flowFront = new FlowLevelFront(rules, level);
        }
        return level;
    }

    /** Renders one template in {@code namespace}'s context. Same errors as {@link #resolveTask}. */
    public RenderResult render(TenantId tenant, NamespaceId namespace, String template, Map<String, Object> hostVariables) {
        if (hooks.enabled()) {
            return hooks.resolution(Resolution.Operation.RENDER, tenant, namespace,
                    () -> renderUnobserved(tenant, namespace, template, hostVariables));
        }
        return renderUnobserved(tenant, namespace, template, hostVariables);
    }

    private RenderResult renderUnobserved(TenantId tenant, NamespaceId namespace, String template,
                                          Map<String, Object> hostVariables) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(template, "template");
        Map<String, Object> host = checkHost(hostVariables);
        NamespaceContext ctx = context(tenant, namespace, true);
        if (TemplateEngine.isLiteral(template)) {
            return new RenderResult(template, SecretMasker.EMPTY);
        }
        RenderScope scope = scope(ctx, host);
        String output = templates.render(template, scope);
        return new RenderResult(output, scope.masker());
    }

    /**
     * The effective namespace (cached).
     *
     * @throws NotFoundException when it does not exist and {@code requireExistingNamespace} is set
     */
    public EffectiveNamespace effectiveNamespace(TenantId tenant, NamespaceId namespace) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        return context(tenant, namespace, true).effective();
    }

    /** The plugin-defaults chain a task in {@code namespace} sees: global, then the namespace levels. */
    public PluginDefaultsChain defaultsChain(TenantId tenant, NamespaceId namespace) {
        PluginDefaultsChain chain = effectiveNamespace(tenant, namespace).pluginDefaults();
        return globalLevel == null ? chain : chain.withBase(globalLevel);
    }

    private static Map<String, Object> checkHost(Map<String, Object> hostVariables) {
        if (hostVariables == null) {
            return Map.of();
        }
        if (hostVariables.containsKey("namespace")) {
            throw new InvalidDocumentException("Host variable 'namespace' is reserved: templates see the namespace's "
                    + "variables under that name. Pass the flow's namespace as flow.namespace instead");
        }
        return hostVariables;
    }

    private RenderScope scope(NamespaceContext ctx, Map<String, Object> host) {
        return ResolutionSupport.scope(ctx, host, ctx.secretSource(this::secretSourceFor), config.maskMinLength());
    }

    // ---- secrets -----------------------------------------------------------------------------------

    private RenderScope.SecretSource secretSourceFor(NamespaceContext ctx) {
        return (key, ns, subkey) -> secret(ctx, key, ns, subkey);
    }

    private String secret(NamespaceContext caller, String keyText, String namespaceText, String subkey) {
        if (namespaceText == null && secrets != null) {
            NamespaceContext.SecretMemo memo = caller.secretMemo(keyText);
            if (memo != null && secrets.trusted(memo.epoch(), memo.validUntil())) {
                secrets.recordMemoHit();
                return subkey == null ? memo.value().reveal() : field(memo.value(), memo.key(), memo.namespace().id(), subkey);
            }
        }
        EffectiveNamespace callerNs = caller.effective();
        if (secrets == null) {
            throw new ConfigurationException("secret('" + keyText + "') used in namespace '" + callerNs.id()
                    + "' but the resolver has no secret store configured");
        }
        SecretKey key = SecretKey.of(keyText);
        NamespaceContext target = caller;
        if (namespaceText != null) {
            NamespaceId other = NamespaceId.of(namespaceText);
            if (!other.equals(callerNs.id())) {
                target = context(callerNs.tenant(), other, false);
                boolean ancestor = other.isAncestorOrSelfOf(callerNs.id());
                Namespace otherNs = target.effective().existingChain().isEmpty() ? null
                        : target.effective().existingChain().get(target.effective().existingChain().size() - 1);
                boolean allowed = otherNs != null && otherNs.id().equals(other) && otherNs.allows(callerNs.id());
                if (!ancestor && !allowed) {
                    throw new AccessDeniedException("Namespace '" + callerNs.id() + "' may not read secret '" + key
                            + "' of namespace '" + other + "' (tenant '" + callerNs.tenant() + "'): '" + other
                            + "' is not an ancestor of '" + callerNs.id() + "' and does not list it in its allowed "
                            + "namespaces. To allow it, add '" + callerNs.id() + "' (or a subtree pattern such as '"
                            + callerNs.id().ancestors().get(0) + ".*') to the allowedNamespaces of '" + other + "'");
                }
            }
        }
        long epoch = secrets.epoch(); // read before the lookups: an invalidation during them voids the memo
        long[] due = {Long.MAX_VALUE};
        List<Namespace> chain = target.closestFirst();
        for (Namespace n : chain) {
            String store = secretStores.nameForBinding(n.secretStore());
            if (!secretStores.all().containsKey(store)) {
                throw new ConfigurationException("Namespace '" + n.id() + "' (tenant '" + n.tenant()
                        + "') uses secret store '" + store + "', which is not configured; configured stores: "
                        + secretStores.all().keySet());
            }
            boolean listingTrusted = secretLocator.trustsListing(store);
            if (secretLocator.worthReading(n.tenant(), n.id(), store, key, due)) {
                if (namespaceText != null && listingTrusted) {
                    requireHolderAllows(n, callerNs, key, namespaceText); // before the value is read
                }
                Optional<SecretValue> value = secrets.get(n.tenant(), n.id(), store, key, due);
                if (value.isPresent()) {
                    if (namespaceText != null && !listingTrusted) {
                        // a lagging listing cannot say who holds the key: only the read does; check before returning
                        requireHolderAllows(n, callerNs, key, namespaceText);
                    }
                    if (namespaceText == null && due[0] != Long.MAX_VALUE && secrets.now() - due[0] < 0) {
                        secrets.remembering(due[0]);
                        caller.rememberSecret(keyText, new NamespaceContext.SecretMemo(n, key, value.get(), epoch, due[0]));
                    }
                    return subkey == null ? value.get().reveal() : field(value.get(), key, n.id(), subkey);
                }
            }
        }
        throw notFound(key, target);
    }

    /**
     * {@code secret(key, namespace=X)} reads the secret of the namespace that holds it: when X inherits the key
     * from an ancestor, that ancestor must allow the caller too (or be one of the caller's own ancestors).
     */
    private static void requireHolderAllows(Namespace holder, EffectiveNamespace callerNs, SecretKey key, String asked) {
        if (holder.id().isAncestorOrSelfOf(callerNs.id()) || holder.allows(callerNs.id())) {
            return;
        }
        throw new AccessDeniedException("Namespace '" + callerNs.id() + "' may not read secret '" + key
                + "' through namespace '" + asked + "' (tenant '" + callerNs.tenant() + "'): the secret is held by '"
                + holder.id() + "', which is not an ancestor of '" + callerNs.id() + "' and does not list it in its "
                + "allowed namespaces. To allow it, add '" + callerNs.id() + "' to the allowedNamespaces of '"
                + holder.id() + "' too");
    }

    private static SecretNotFoundException notFound(SecretKey key, NamespaceContext target) {
        EffectiveNamespace en = target.effective();
        List<String> searched = new ArrayList<>();
        for (Namespace n : target.closestFirst()) {
            searched.add(n.id().value());
        }
        List<String> placeholders = new ArrayList<>();
        List<NamespaceId> ancestors = en.id().ancestors();
        for (int i = ancestors.size() - 1; i >= 0; i--) {
            if (!searched.contains(ancestors.get(i).value())) {
                placeholders.add(ancestors.get(i).value());
            }
        }
        StringBuilder sb = new StringBuilder("Secret '").append(key).append("' not found for namespace '")
                .append(en.id()).append("' (tenant '").append(en.tenant()).append("'); namespaces searched: ");
        sb.append(searched.isEmpty() ? "none" : String.join(", ", searched));
        if (!placeholders.isEmpty()) {
            sb.append("; not searched because they are placeholders (not created): ").append(String.join(", ", placeholders));
        }
        sb.append(". Create the secret in one of these namespaces");
        return new SecretNotFoundException(sb.toString());
    }

    private static String field(SecretValue value, SecretKey key, NamespaceId ns, String subkey) {
        JsonNode node;
        try {
            node = JSON.readTree(value.reveal());
        } catch (JsonProcessingException e) {
            node = null; // the parser's message may quote the value: never propagate it
        }
        if (node == null || !node.isObject()) {
            throw new TemplateRenderException(TemplateRenderException.Kind.INVALID_ARGUMENT, 0, "Secret '" + key
                    + "' of namespace '" + ns + "' is not a JSON object, so subkey '" + subkey + "' cannot be read from it");
        }
        JsonNode f = node.get(subkey);
        if (f == null || f.isNull()) {
            throw new SecretNotFoundException("Secret '" + key + "' of namespace '" + ns + "' is a JSON object "
                    + (f == null ? "without the field '" + subkey + "'" : "whose field '" + subkey + "' is null"));
        }
        return f.isValueNode() ? f.asText() : f.toString();
    }

    // ---- effective namespaces ----------------------------------------------------------------------

    private NamespaceContext context(TenantId tenant, NamespaceId namespace, boolean checkExisting) {
        long gen = generations.current();
        NamespaceContext hit = front.get(tenant, namespace, gen);
        if (hit != null) {
            return checked(hit, tenant, namespace, checkExisting);
        }
        NsKey key = new NsKey(tenant, namespace);
        NamespaceContext ctx = namespaces.get(key);
        if (ctx.loadGeneration() < generations.current()
                && generations.invalidatedSince(tenant, namespace, ctx.loadGeneration())) {
            // a write raced with this entry's load: drop it and read again
            namespaces.asMap().remove(key, ctx);
            ctx = namespaces.get(key);
        }
        if (ctx.loadGeneration() <= gen) {
            // filled with the generation read before the lookup: any invalidation since then voids the entry
            front.put(tenant, namespace, ctx, gen, ctx.loadedAt() + namespaceTtlNanos);
            if (pushedExpiry && namespaces.getIfPresent(key) != ctx) {
                front.evicted(tenant, namespace, ctx); // evicted (or expired) meanwhile: its eviction found no slot
            }
        }
        return checked(ctx, tenant, namespace, checkExisting);
    }

    private NamespaceContext checked(NamespaceContext ctx, TenantId tenant, NamespaceId namespace, boolean checkExisting) {
        if (checkExisting && requireExistingNamespace && !ctx.effective().exists()) {
            throw new NotFoundException("Namespace '" + namespace + "' does not exist (tenant '" + tenant + "'); this "
                    + "resolver requires existing namespaces (requireExistingNamespace), so placeholders are not "
                    + "resolved. Create the namespace first");
        }
        return ctx;
    }

    /** Whether an observer listens (a final field: the hot path reads it and nothing else). */
    boolean observing() {
        return hooks.enabled();
    }

    /** Runs {@code body} timed and reported as {@code operation}; call only when {@link #observing()}. */
    <T> T observed(Resolution.Operation operation, TenantId tenant, NamespaceId namespace, Supplier<T> body) {
        return hooks.resolution(operation, tenant, namespace, body);
    }

    private NamespaceContext observedLoad(TenantId tenant, NamespaceId namespace) {
        long start = hooks.start();
        try {
            NamespaceContext ctx = load(tenant, namespace);
            hooks.loaded(CacheEvent.Cache.NAMESPACE, CacheEvent.Kind.LOAD, tenant, namespace, null, null, start, null);
            return ctx;
        } catch (RuntimeException e) {
            hooks.loaded(CacheEvent.Cache.NAMESPACE, CacheEvent.Kind.LOAD, tenant, namespace, null, null, start, e);
            throw e;
        }
    }

    private NamespaceContext load(TenantId tenant, NamespaceId namespace) {
        long gen = generations.current();
        List<Namespace> existing = new ArrayList<>();
        Map<String, Object> variables = new LinkedHashMap<>();
        List<DefaultsLevel> levels = new ArrayList<>();
        List<NamespaceLevel> chain;
        try {
            chain = storage.chain(tenant, namespace);
        } catch (CascadeException e) {
            throw e;
        } catch (RuntimeException e) {
            // the cause is dropped on purpose: a store's message may carry data
            throw new BackendException(storage.name(), "read namespace", tenant.value(), namespace.value(), null,
                    "failed with " + e.getClass().getName());
        }
        for (NamespaceLevel level : chain) {
            Namespace ns = level.namespace();
            existing.add(ns);
            level.variables().ifPresent(v -> TreeData.mergeInto(variables, v.value()));
            if (level.pluginDefaults().isPresent() && !level.pluginDefaults().get().value().isEmpty()) {
                levels.add(DefaultsLevel.namespace(ns.id(), level.pluginDefaults().get().value()));
            }
        }
        Namespace leaf = !existing.isEmpty() && existing.get(existing.size() - 1).id().equals(namespace)
                ? existing.get(existing.size() - 1) : null;
        EffectiveNamespace effective = new EffectiveNamespace(tenant, namespace,
                leaf == null ? NamespaceStatus.PLACEHOLDER : NamespaceStatus.EXISTING,
                TreeData.immutableCopy(variables), new PluginDefaultsChain(levels),
                leaf == null ? List.of() : leaf.allowedNamespaces(),
                leaf == null ? Optional.empty() : leaf.secretStore(), existing);
        return new NamespaceContext(effective, globalLevel, gen, ticker.read(), listMerge);
    }

    // ---- coherence ---------------------------------------------------------------------------------

    /**
     * Drops what a change made stale: a namespace, variables or plugin-defaults change invalidates that
     * namespace and its whole subtree; a secret change invalidates that key (or every key of the
     * namespace when the event names none). Safe to call from any thread; never throws for a valid event.
     */
    public void onChange(ChangeEvent event) {
        Objects.requireNonNull(event, "event");
        switch (event.kind()) {
            case NAMESPACE, VARIABLES, PLUGIN_DEFAULTS -> invalidateSubtree(event.tenant(), event.namespace());
            case SECRET -> {
                if (secrets != null) {
                    secrets.invalidate(event.tenant(), event.namespace(), event.key().orElse(null));
                }
            }
            case ACCESS -> {
                // role bindings do not affect resolution
            }
        }
    }

    // Order matters in both invalidations (see Generations): record and remove first, publish last.
    private void invalidateSubtree(TenantId tenant, NamespaceId namespace) {
        generations.recordSubtree(tenant, namespace);
        namespaces.asMap().keySet().removeIf(k -> k.tenant().equals(tenant) && namespace.isAncestorOrSelfOf(k.namespace()));
        plans.invalidateSubtree(tenant, namespace);
        generations.publish();
    }

    /** Drops every cached namespace, secret and key list (compiled templates stay: they hold no data). */
    public void invalidateAll() {
        generations.recordAll();
        namespaces.invalidateAll();
        plans.invalidateAll();
        if (secrets != null) {
            secrets.invalidateAll();
        }
        generations.publish();
    }

    /** Hit, miss and eviction counts of the caches. */
    public ResolverStats stats() {
        CacheStats ns = namespaces.stats();
        return new ResolverStats(new ResolverStats.CacheCounters(ns.hitCount() + front.hits(), ns.missCount(),
                ns.evictionCount(), namespaces.estimatedSize()),
                secrets == null ? counters(CacheStats.empty(), 0) : secretCounters(),
                secrets == null ? counters(CacheStats.empty(), 0) : counters(secrets.keySetStats(), secrets.keySetCount()),
                templateCounters(), planCounters());
    }

    private ResolverStats.CacheCounters planCounters() {
        CacheStats s = plans.stats();
        return new ResolverStats.CacheCounters(s.hitCount() + plans.frontHits(), s.missCount(), s.evictionCount(),
                plans.size());
    }

    private ResolverStats.CacheCounters secretCounters() {
        CacheStats s = secrets.valueStats();
        return new ResolverStats.CacheCounters(s.hitCount() + secrets.memoHits(), s.missCount(), s.evictionCount(),
                secrets.valueCount());
    }

    private ResolverStats.CacheCounters templateCounters() {
        CacheStats s = templates.stats();
        return new ResolverStats.CacheCounters(s.hitCount() + templates.frontHits(), s.missCount(), s.evictionCount(),
                templates.cacheSize());
    }

    private static ResolverStats.CacheCounters counters(CacheStats s, long size) {
        return new ResolverStats.CacheCounters(s.hitCount(), s.missCount(), s.evictionCount(), size);
    }

    /** Closes the change subscriptions and the resolver's own threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        OpenResolvers.closed();
        if (secrets != null) {
            secrets.close();
        }
        synchronized (subscriptions) {
            for (Subscription s : subscriptions) {
                s.close();
            }
            subscriptions.clear();
        }
        if (ownedExecutor != null) {
            if (secrets != null) {
                secrets.closing();
            }
            ownedExecutor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "Resolver[storage=" + storage.name() + ", secretStores="
                + (secretStores == null ? "none" : secretStores.all().keySet()) + ", requireExistingNamespace="
                + requireExistingNamespace + "]";
    }

    /** Most threads the resolver's own executor runs backend calls and refreshes on. */
    static final int MAX_BACKEND_THREADS = 32;

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "cascade-resolver-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * Builds a {@link Resolver}. {@link #storage} is required; everything else has a default. Not
     * thread-safe; the built resolver is.
     */
    public static final class Builder {
        private Storage storage;
        private SecretStores secretStores;
        private List<PluginDefault> globalDefaults = List.of();
        private boolean requireExistingNamespace;
        private ListMerge listMerge = ListMerge.REPLACE;
        private ResolverCacheConfig config = ResolverCacheConfig.DEFAULTS;
        private LongSupplier ticker;
        private Executor executor;
        private CascadeObserver observer = CascadeObserver.none();
        private List<TemplateExtension> templateExtensions = List.of();

        private Builder() {
        }

        /**
         * Reports backend calls, cache events, template failures, denials and resolution timings to
         * {@code observer} (default {@link CascadeObserver#none()}: nothing is reported and nothing is spent).
         */
        public Builder observer(CascadeObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Adds the filters, functions and tests of {@code extension} to every template this resolver renders
         * (see {@link TemplateExtension}); a name that clashes with a built-in or another extension fails
         * {@link #build()} with a ConfigurationException.
         */
        public Builder templateExtension(TemplateExtension extension) {
            Objects.requireNonNull(extension, "extension");
            List<TemplateExtension> all = new ArrayList<>(templateExtensions);
            all.add(extension);
            this.templateExtensions = List.copyOf(all);
            return this;
        }

        /** Replaces the template extensions with {@code extensions}, in order. */
        public Builder templateExtensions(List<TemplateExtension> extensions) {
            Objects.requireNonNull(extensions, "extensions").forEach(e -> Objects.requireNonNull(e, "extension"));
            this.templateExtensions = List.copyOf(extensions);
            return this;
        }

        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** The secret stores; without them {@code secret()} fails with a ConfigurationException. */
        public Builder secretStores(SecretStores secretStores) {
            this.secretStores = Objects.requireNonNull(secretStores, "secretStores");
            return this;
        }

        /** Instance-wide plugin defaults (the lowest level; may be forced). */
        public Builder globalDefaults(List<PluginDefault> globalDefaults) {
            this.globalDefaults = Arguments.listWithoutNulls(Objects.requireNonNull(globalDefaults, "globalDefaults"),
                    "globalDefaults");
            return this;
        }

        /** Fail with NotFoundException instead of resolving placeholders. Default false. */
        public Builder requireExistingNamespace(boolean require) {
            this.requireExistingNamespace = require;
            return this;
        }

        /**
         * How plugin defaults merge a list that a default and the task (or two defaults) both set: replaced
         * whole ({@link ListMerge#REPLACE}, the default) or united as Kestra's newer versions do
         * ({@link ListMerge#UNION}, for hosts migrating flows).
         */
        public Builder listMerge(ListMerge listMerge) {
            this.listMerge = Objects.requireNonNull(listMerge, "listMerge");
            return this;
        }

        public Builder cacheConfig(ResolverCacheConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** A nanosecond time source for the caches (tests); default the system ticker. */
        public Builder ticker(LongSupplier nanoTicker) {
            this.ticker = Objects.requireNonNull(nanoTicker, "nanoTicker");
            return this;
        }

        /**
         * Runs background refreshes and timed backend calls; default a daemon thread pool owned by the
         * resolver. A same-thread executor makes refreshes synchronous (tests) but disables timeouts.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public Resolver build() {
            return new Resolver(this);
        }
    }
}
