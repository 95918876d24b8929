package dev.cascade.defaults;

import dev.cascade.internal.Arguments;
import dev.cascade.internal.resolve.DefaultsMerger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plugin-defaults levels that apply to a task, lowest precedence first: global, root namespace, …,
 * closest namespace, flow. {@link #apply} merges them onto a task tree exactly as DESIGN says:
 * <ul>
 *   <li>a rule's {@code type} matches a task type exactly or as a prefix at a {@code .} boundary;
 *       within a level an exact match beats a longer prefix, which beats a shorter one, and among rules of
 *       equal specificity the first declared wins; a prefix written with a trailing dot means the same prefix;</li>
 *   <li>the task's own values beat every non-forced default; forced values override the task, and between
 *       forced rules global beats namespace and a parent namespace beats its child;</li>
 *   <li>maps deep-merge, lists and scalars are replaced whole (or lists united, see {@link ListMerge}),
 *       {@code null} means "not set";</li>
 *   <li>every map of the task's own tree with a {@code type} key gets its defaults (nested tasks, triggers,
 *       task runners); a typed map that a default inserts gets its own defaults once, and what that inserts
 *       gets none (never a loop).</li>
 * </ul>
 * Immutable and thread-safe.
 *
 * @param levels the levels, lowest precedence first
 */
public record PluginDefaultsChain(List<DefaultsLevel> levels) {
    public static final PluginDefaultsChain EMPTY = new PluginDefaultsChain(List.of());

    public PluginDefaultsChain {
        levels = Arguments.listWithoutNulls(levels, "levels");
    }

    /** This chain followed by {@code level} (of higher precedence). */
    public PluginDefaultsChain with(DefaultsLevel level) {
        List<DefaultsLevel> all = new ArrayList<>(levels);
        all.add(Objects.requireNonNull(level, "level"));
        return new PluginDefaultsChain(all);
    }

    /** {@code level} followed by this chain: for prepending the global level. */
    public PluginDefaultsChain withBase(DefaultsLevel level) {
        List<DefaultsLevel> all = new ArrayList<>();
        all.add(Objects.requireNonNull(level, "level"));
        all.addAll(levels);
        return new PluginDefaultsChain(all);
    }

    /**
     * Applies the chain to a task tree (not modified). Templates inside values are left as they are;
     * the resolver renders them afterwards.
     */
    public DefaultsApplication apply(Map<String, Object> task) {
        return apply(task, ListMerge.REPLACE);
    }

    /** As {@link #apply(Map)}, merging lists set on both sides as {@code listMerge} says. */
    public DefaultsApplication apply(Map<String, Object> task, ListMerge listMerge) {
        return DefaultsMerger.apply(this, task, Objects.requireNonNull(listMerge, "listMerge"));
    }
}
