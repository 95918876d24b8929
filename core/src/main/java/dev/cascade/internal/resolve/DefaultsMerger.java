package dev.cascade.internal.resolve;

import dev.cascade.InvalidDocumentException;
import dev.cascade.defaults.DefaultsApplication;
import dev.cascade.defaults.DefaultsLevel;
import dev.cascade.defaults.ListMerge;
import dev.cascade.defaults.PluginDefault;
import dev.cascade.defaults.PluginDefaultsChain;
import dev.cascade.defaults.PropertySource;
import dev.cascade.defaults.TreeData;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The plugin-defaults merge algorithm (see {@link PluginDefaultsChain}) with provenance tracking for
 * {@code explain}. Stateless; the {@link TypeDefaults} it computes are immutable and shared. Not API.
 */
public final class DefaultsMerger {
    private static final Comparator<PluginDefault> SPECIFICITY = Comparator.comparingInt(PluginDefault::specificity);

    /** Where a map stands in the walk: the task's own, inserted by a default of an own map, or inserted by that. */
    private static final int OWN = 0;
    private static final int INSERTED = 1;
    private static final int FINAL = 2;

    private DefaultsMerger() {
    }

    /** Supplies the pre-merged defaults for a task type. */
    @FunctionalInterface
    public interface DefaultsSource {
        TypeDefaults forType(String type);
    }

    /**
     * Which source supplied a value, per key; a key without a child inherits {@link #self}. Nodes of the
     * cached {@link TypeDefaults} are frozen and shared; writers copy a frozen child before changing it.
     */
    static final class Prov {
        PropertySource self;
        HashMap<String, Prov> children;
        boolean frozen;

        Prov(PropertySource self) {
            this.self = self;
        }

        Prov child(String key) {
            return children == null ? null : children.get(key);
        }

        Prov childForWrite(String key) {
            if (children == null) {
                children = new HashMap<>();
            }
            Prov c = children.get(key);
            if (c == null) {
                c = new Prov(self);
                children.put(key, c);
            } else if (c.frozen) {
                c = c.copy();
                children.put(key, c);
            }
            return c;
        }

        void set(String key, Prov p) {
            if (children == null) {
                children = new HashMap<>();
            }
            children.put(key, p);
        }

        /** A writable copy sharing this node's (frozen) children. */
        Prov copy() {
            Prov p = new Prov(self);
            if (children != null) {
                p.children = new HashMap<>(children);
            }
            return p;
        }

        Prov freeze() {
            if (!frozen) {
                frozen = true;
                if (children != null) {
                    children.values().forEach(Prov::freeze);
                }
            }
            return this;
        }
    }

    /**
     * The defaults of one task type over a fixed set of levels: the non-forced values (merged in
     * precedence order) and the forced ones (merged administrator-last), each with provenance.
     * Immutable once built.
     */
    public static final class TypeDefaults {
        static final TypeDefaults NONE = new TypeDefaults(Map.of(), new Prov(null), Map.of(), new Prov(null), false);
        static final TypeDefaults NONE_UNION = new TypeDefaults(Map.of(), new Prov(null), Map.of(), new Prov(null), true);

        final Map<String, Object> nonForced;
        final Prov nonForcedProv;
        final Map<String, Object> forced;
        final Prov forcedProv;
        final boolean union;
        /** Whether applying these defaults can insert a map with a {@code type} key (which then gets its own). */
        final boolean insertsTyped;

        TypeDefaults(Map<String, Object> nonForced, Prov nonForcedProv, Map<String, Object> forced, Prov forcedProv,
                     boolean union) {
            this.nonForced = nonForced;
            this.nonForcedProv = nonForcedProv;
            this.forced = forced;
            this.forcedProv = forcedProv;
            this.union = union;
            this.insertsTyped = containsTyped(nonForced, 0) || containsTyped(forced, 0);
        }

        boolean isEmpty() {
            return nonForced.isEmpty() && forced.isEmpty();
        }

        /** These defaults with a flow level's matching rules merged on top of the non-forced part. */
        public TypeDefaults withFlow(DefaultsLevel flow, String type) {
            List<PluginDefault> matching = matching(flow, type);
            if (matching.isEmpty()) {
                return this;
            }
            Map<String, Object> nf = TreeData.deepCopy(nonForced);
            Prov prov = nonForcedProv.copy();
            for (PluginDefault rule : matching) {
                mergeOver(nf, prov, rule.values(), new Prov(flow.sourceOf(rule)), union, null, 0);
            }
            return new TypeDefaults(nf, prov.freeze(), forced, forcedProv, union);
        }
    }

    /** Pre-merges the defaults of {@code levels} (lowest precedence first) for tasks of {@code type}. */
    public static TypeDefaults compile(List<DefaultsLevel> levels, String type, ListMerge listMerge) {
        boolean union = listMerge == ListMerge.UNION;
        Map<String, Object> nf = null;
        Prov nfProv = new Prov(null);
        List<Object[]> forcedRules = null;
        for (DefaultsLevel level : levels) {
            for (PluginDefault rule : matching(level, type)) {
                if (rule.forced()) {
                    if (forcedRules == null) {
                        forcedRules = new ArrayList<>();
                    }
                    forcedRules.add(new Object[] {level, rule});
                } else {
                    if (nf == null) {
                        nf = new LinkedHashMap<>();
                    }
                    mergeOver(nf, nfProv, rule.values(), new Prov(level.sourceOf(rule)), union, null, 0);
                }
            }
        }
        Map<String, Object> forced = null;
        Prov forcedProv = new Prov(null);
        if (forcedRules != null) {
            // administrator wins: apply the closest namespace first and global last, so the outer level overrides;
            // within one level keep specificity order (exact applied last, the first declared last among equals)
            forced = new LinkedHashMap<>();
            for (int i = levels.size() - 1; i >= 0; i--) {
                DefaultsLevel level = levels.get(i);
                for (Object[] fr : forcedRules) {
                    if (fr[0] == level) {
                        PluginDefault rule = (PluginDefault) fr[1];
                        mergeOver(forced, forcedProv, rule.values(), new Prov(level.sourceOf(rule)), union, null, 0);
                    }
                }
            }
        }
        if (nf == null && forced == null) {
            return union ? TypeDefaults.NONE_UNION : TypeDefaults.NONE;
        }
        return new TypeDefaults(nf == null ? Map.of() : nf, nfProv.freeze(), forced == null ? Map.of() : forced,
                forcedProv.freeze(), union);
    }

    /**
     * The rules of a level matching {@code type} in the order they are merged (the later one wins): least
     * specific first, and among equals the first declared last, so that it wins (Kestra's rule).
     */
    static List<PluginDefault> matching(DefaultsLevel level, String type) {
        List<PluginDefault> result = null;
        List<PluginDefault> rules = level.rules();
        for (int i = rules.size() - 1; i >= 0; i--) {
            PluginDefault rule = rules.get(i);
            if (rule.matches(type)) {
                if (result == null) {
                    result = new ArrayList<>(2);
                }
                result.add(rule);
            }
        }
        if (result == null) {
            return List.of();
        }
        result.sort(SPECIFICITY); // stable: equals keep reverse declaration order
        return result;
    }

    /** Applies a chain without caching (the public {@link PluginDefaultsChain#apply}). */
    public static DefaultsApplication apply(PluginDefaultsChain chain, Map<String, Object> task, ListMerge listMerge) {
        Map<String, TypeDefaults> memo = new HashMap<>();
        Applied applied = apply(task, type -> memo.computeIfAbsent(type, t -> compile(chain.levels(), t, listMerge)));
        Map<String, PropertySource> explain = Collections.unmodifiableMap(new LinkedHashMap<>(applied.explain()));
        return new DefaultsApplication(TreeData.immutableCopy(applied.tree()), explain);
    }

    /**
     * A task with defaults applied: a mutable tree the caller owns, and the provenance of its typed maps.
     */
    public static final class Applied {
        private final Map<String, Object> tree;
        private final Map<Object, Prov> typed;

        Applied(Map<String, Object> tree, Map<Object, Prov> typed) {
            this.tree = tree;
            this.typed = typed;
        }

        public Map<String, Object> tree() {
            return tree;
        }

        /** The explain view of {@code root} (the tree, or what replaced it), computed on first access. */
        public Map<String, PropertySource> explain(Map<String, Object> root) {
            return new LazyExplain(root, typed);
        }

        public Map<String, PropertySource> explain() {
            return explain(tree);
        }
    }

    /** Explain computed on first use: most callers never look. Thread-safe. */
    private static final class LazyExplain extends AbstractMap<String, PropertySource> {
        private Supplier<Map<String, PropertySource>> supplier;
        private volatile Map<String, PropertySource> computed;

        LazyExplain(Map<String, Object> root, Map<Object, Prov> typed) {
            this.supplier = () -> {
                Map<String, PropertySource> out = new LinkedHashMap<>();
                DefaultsMerger.explain(root, typed.get(root), PropertySource.TASK, "", out, typed);
                return out;
            };
        }

        private Map<String, PropertySource> computed() {
            Map<String, PropertySource> c = computed;
            if (c == null) {
                synchronized (this) {
                    c = computed;
                    if (c == null) {
                        c = Collections.unmodifiableMap(new LinkedHashMap<>(supplier.get()));
                        computed = c;
                        supplier = null;
                    }
                }
            }
            return c;
        }

        @Override
        public PropertySource get(Object key) {
            return computed().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return computed().containsKey(key);
        }

        @Override
        public Set<Entry<String, PropertySource>> entrySet() {
            return computed().entrySet();
        }
    }

    /** Applies defaults to a copy of {@code task} (null values dropped: null means "not set"), tracking provenance. */
    public static Applied apply(Map<String, Object> task, DefaultsSource source) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) copyTask(task, 0);
        Map<Object, Prov> typed = new IdentityHashMap<>();
        applyInPlace(tree, new Walk(source, typed), OWN, 0);
        return new Applied(tree, typed);
    }

    /** A deep, mutable copy in the data model without null map values; refuses anything else. */
    private static Object copyTask(Object value, int depth) {
        if (depth > TreeData.MAX_DEPTH) {
            throw new InvalidDocumentException("Task tree nested deeper than " + TreeData.MAX_DEPTH + " levels");
        }
        if (value instanceof Map<?, ?> m) {
            // the root usually gains the defaults' keys next: size it for them rather than resize
            int expected = depth == 0 ? m.size() + 6 : m.size();
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (expected / 0.75f) + 1));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new InvalidDocumentException("Map keys must be strings, found "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName()));
                }
                if (e.getValue() != null) {
                    copy.put(key, copyTask(e.getValue(), depth + 1));
                }
            }
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object o : l) {
                copy.add(copyTask(o, depth + 1));
            }
            return copy;
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        throw new InvalidDocumentException("Unsupported value of type " + value.getClass().getName()
                + "; tasks hold maps, lists, strings, numbers, booleans and nulls");
    }

    /**
     * One application's walk over the task tree. Every typed map of the task's own tree gets its defaults; a
     * map such a default inserts gets its own defaults once; what that second application inserts gets none
     * (Kestra applies defaults to inserted maps once, not recursively). The marks exist only once a default
     * that can insert a typed map was applied.
     */
    private static final class Walk {
        final DefaultsSource source;
        final Map<Object, Prov> typed;
        /** Inserted maps and lists (by identity) and the mode their subtree is walked in. */
        IdentityHashMap<Object, Integer> marks;

        Walk(DefaultsSource source, Map<Object, Prov> typed) {
            this.source = source;
            this.typed = typed;
        }

        IdentityHashMap<Object, Integer> marks() {
            if (marks == null) {
                marks = new IdentityHashMap<>();
            }
            return marks;
        }

        int modeOf(Object child, int parentMode) {
            if (marks == null) {
                return parentMode;
            }
            Integer m = marks.get(child);
            return m == null ? parentMode : m;
        }
    }

    @SuppressWarnings("unchecked")
    private static void applyInPlace(Object node, Walk walk, int mode, int depth) {
        if (depth > TreeData.MAX_DEPTH) {
            throw new InvalidDocumentException("Task tree nested deeper than " + TreeData.MAX_DEPTH + " levels after "
                    + "applying plugin defaults");
        }
        if (node instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            if (map.get("type") instanceof String type) {
                TypeDefaults d = walk.source.forType(type);
                // self null: keys nobody overrides inherit the source of the enclosing value (TASK at the root,
                // the supplying rule for a nested task that came from a default)
                Prov prov = new Prov(null);
                if (!d.isEmpty()) {
                    IdentityHashMap<Object, Integer> marks = d.insertsTyped ? walk.marks() : null;
                    int markAs = mode == OWN ? INSERTED : FINAL;
                    mergeUnder(map, prov, d.nonForced, d.nonForcedProv, d.union, marks, markAs);
                    mergeOver(map, prov, d.forced, d.forcedProv, d.union, marks, markAs);
                }
                walk.typed.put(map, prov);
            }
            for (Object value : map.values()) {
                walkChild(value, walk, mode, depth);
            }
        } else if (node instanceof List<?> list) {
            for (Object value : list) {
                walkChild(value, walk, mode, depth);
            }
        }
    }

    private static void walkChild(Object value, Walk walk, int mode, int depth) {
        if (value instanceof Map || value instanceof List) {
            int childMode = walk.modeOf(value, mode);
            if (childMode != FINAL) { // nothing below gets defaults
                applyInPlace(value, walk, childMode, depth + 1);
            }
        }
    }

    /**
     * Whether {@code value} holds, at any depth, a map with a string {@code type}. Defaults' values are
     * {@link TreeData} copies, at most {@link TreeData#MAX_DEPTH} deep, and merging them nests no deeper.
     */
    private static boolean containsTyped(Object value, int depth) {
        if (value instanceof Map<?, ?> m) {
            if (depth > 0 && m.get("type") instanceof String) {
                return true;
            }
            for (Object v : m.values()) {
                if (containsTyped(v, depth + 1)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                if (containsTyped(v, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Fills {@code target}'s unset keys from {@code defaults} (target wins; maps merge; lists of both sides
     * are the defaults' elements then the target's new ones under {@code union}). Inserted maps and lists are
     * recorded in {@code marks} (when given) as {@code markAs}.
     */
    @SuppressWarnings("unchecked")
    static void mergeUnder(Map<String, Object> target, Prov targetProv, Map<String, Object> defaults, Prov defaultsProv,
                           boolean union, IdentityHashMap<Object, Integer> marks, int markAs) {
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            Object dv = e.getValue();
            if (dv == null) {
                continue;
            }
            String key = e.getKey();
            Object tv = target.get(key);
            if (tv == null) {
                target.put(key, inserted(dv, marks, markAs));
                Prov dChild = defaultsProv.child(key);
                targetProv.set(key, dChild != null ? dChild.freeze() : new Prov(defaultsProv.self));
            } else if (tv instanceof Map<?, ?> tm && dv instanceof Map<?, ?> dm) {
                Prov dChild = defaultsProv.child(key);
                mergeUnder((Map<String, Object>) tm, targetProv.childForWrite(key), (Map<String, Object>) dm,
                        dChild != null ? dChild : new Prov(defaultsProv.self), union, marks, markAs);
            } else if (union && tv instanceof List<?> tl && dv instanceof List<?> dl) {
                // provenance stays with the target, the higher-precedence side
                target.put(key, union(dl, true, tl, false, marks, markAs));
            }
        }
    }

    /**
     * Merges {@code overlay} onto {@code target} (overlay wins; maps merge; lists and scalars replaced, or under
     * {@code union} lists of both sides are the target's elements then the overlay's new ones).
     */
    @SuppressWarnings("unchecked")
    static void mergeOver(Map<String, Object> target, Prov targetProv, Map<String, Object> overlay, Prov overlayProv,
                          boolean union, IdentityHashMap<Object, Integer> marks, int markAs) {
        for (Map.Entry<String, Object> e : overlay.entrySet()) {
            Object ov = e.getValue();
            if (ov == null) {
                continue;
            }
            String key = e.getKey();
            Object tv = target.get(key);
            Prov oChild = overlayProv.child(key);
            if (tv instanceof Map<?, ?> tm && ov instanceof Map<?, ?> om) {
                mergeOver((Map<String, Object>) tm, targetProv.childForWrite(key), (Map<String, Object>) om,
                        oChild != null ? oChild : new Prov(overlayProv.self), union, marks, markAs);
                continue;
            }
            if (union && tv instanceof List<?> tl && ov instanceof List<?> ol) {
                target.put(key, union(tl, false, ol, true, marks, markAs));
            } else {
                target.put(key, inserted(ov, marks, markAs));
            }
            targetProv.set(key, oChild != null ? oChild.freeze() : new Prov(overlayProv.self));
        }
    }

    /** The lower list's elements, then each element of the higher one not already there; default elements copied. */
    private static List<Object> union(List<?> lower, boolean lowerIsDefault, List<?> higher, boolean higherIsDefault,
                                      IdentityHashMap<Object, Integer> marks, int markAs) {
        List<Object> out = new ArrayList<>(lower.size() + higher.size());
        for (Object o : lower) {
            out.add(lowerIsDefault ? inserted(o, marks, markAs) : o);
        }
        for (Object o : higher) {
            if (!out.contains(o)) {
                out.add(higherIsDefault ? inserted(o, marks, markAs) : o);
            }
        }
        return out;
    }

    /** A copy of a default's value for insertion, recorded in {@code marks} when it is a map or list. */
    private static Object inserted(Object v, IdentityHashMap<Object, Integer> marks, int markAs) {
        Object copy = copyValue(v);
        if (marks != null && (copy instanceof Map || copy instanceof List)) {
            marks.put(copy, markAs);
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            m.forEach((k, x) -> copy.put((String) k, copyValue(x)));
            return copy;
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object x : l) {
                copy.add(copyValue(x));
            }
            return copy;
        }
        return v;
    }

    private static void explain(Object value, Prov prov, PropertySource inherited, String path,
                                Map<String, PropertySource> out, Map<Object, Prov> typed) {
        PropertySource incoming = prov != null && prov.self != null ? prov.self : inherited;
        Prov own = value instanceof Map ? typed.get(value) : null;
        if (own != null) {
            prov = own;
        }
        PropertySource source = prov != null && prov.self != null ? prov.self : incoming;
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = (String) e.getKey();
                explain(e.getValue(), prov == null ? null : prov.child(key), source,
                        path.isEmpty() ? key : path + "." + key, out, typed);
            }
        } else if (value instanceof List<?> list && containsMap(list)) {
            for (int i = 0; i < list.size(); i++) {
                explain(list.get(i), null, source, path + "[" + i + "]", out, typed);
            }
        } else if (!path.isEmpty()) {
            out.put(path, source);
        }
    }

    private static boolean containsMap(List<?> list) {
        for (Object o : list) {
            if (o instanceof Map) {
                return true;
            }
        }
        return false;
    }
}
