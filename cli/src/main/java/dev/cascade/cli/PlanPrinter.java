package dev.cascade.cli;

import dev.cascade.audit.DiffEntry;
import dev.cascade.management.ApplyResult;
import dev.cascade.management.NamespacePlan;
import dev.cascade.management.NamespacePlan.Change;
import dev.cascade.management.NamespacePlan.SecretChange;

import java.io.PrintWriter;
import java.util.List;

/** Prints plans and apply results the way Terraform users read them; secrets by key only. */
final class PlanPrinter {
    private final PrintWriter out;

    PlanPrinter(PrintWriter out) {
        this.out = out;
    }

    void plan(NamespacePlan plan) {
        if (plan.isEmpty()) {
            out.println("No changes. Tenant '" + plan.tenant() + "' matches the directory ("
                    + plan.changes().size() + " namespace(s) declared).");
            out.flush();
            return;
        }
        out.println("Cascade will make these changes in tenant '" + plan.tenant() + "':");
        out.println();
        int create = 0;
        int update = 0;
        int delete = 0;
        int secretsAdded = 0;
        int secretsUpdated = 0;
        int secretsDeleted = 0;
        for (Change c : plan.changes()) {
            switch (c.action()) {
                case NONE -> {
                    continue;
                }
                case CREATE -> create++;
                case UPDATE -> update++;
                case DELETE -> delete++;
                default -> throw new IllegalStateException(c.action().toString());
            }
            out.println("  " + symbol(c.action()) + " namespace " + c.id() + " (" + c.action().name().toLowerCase() + ")");
            section("properties", c.properties());
            section("variables", c.variables());
            section("plugin defaults", c.pluginDefaults());
            if (!c.secrets().isEmpty()) {
                out.println("      secrets:");
                for (SecretChange s : c.secrets()) {
                    switch (s.action()) {
                        case ADD -> secretsAdded++;
                        case UPDATE -> secretsUpdated++;
                        case DELETE -> secretsDeleted++;
                        default -> throw new IllegalStateException(s.action().toString());
                    }
                    String note = s.action() == NamespacePlan.SecretAction.UPDATE
                            ? (s.valueChanged() ? " (value changed)" : " (description changed)") : "";
                    out.println("        " + symbol(s.action()) + " " + s.key() + note);
                }
            }
            out.println();
        }
        out.println("Plan: " + create + " to create, " + update + " to update, " + delete + " to delete; secrets: "
                + secretsAdded + " to add, " + secretsUpdated + " to update, " + secretsDeleted + " to delete."
                + (plan.prune() ? "" : " (--prune not set: nothing undeclared is deleted)"));
        out.flush();
    }

    private void section(String title, List<DiffEntry> diff) {
        if (diff.isEmpty()) {
            return;
        }
        out.println("      " + title + ":");
        for (DiffEntry d : diff) {
            String path = d.path().isEmpty() ? "(all)" : d.path();
            switch (d.change()) {
                case ADDED -> out.println("        + " + path + " = " + d.after());
                case REMOVED -> out.println("        - " + path + " (was " + d.before() + ")");
                case CHANGED -> out.println("        ~ " + path + ": " + d.before() + " -> " + d.after());
                default -> throw new IllegalStateException(d.change().toString());
            }
        }
    }

    void result(ApplyResult result) {
        for (ApplyResult.Outcome o : result.outcomes()) {
            String line = switch (o.status()) {
                case APPLIED -> "  applied   " + o.id();
                case CONFLICT -> "  CONFLICT  " + o.id();
                case FAILED -> "  FAILED    " + o.id();
            };
            out.println(line + (o.done().isEmpty() ? "" : ": " + String.join(", ", o.done())));
            if (!o.message().isEmpty()) {
                out.println("            " + o.message());
            }
        }
        long applied = result.outcomes().stream().filter(o -> o.status() == ApplyResult.Status.APPLIED).count();
        out.println("Apply " + (result.succeeded() ? "complete" : "incomplete") + ": " + applied + " of "
                + result.outcomes().size() + " namespace change(s) applied.");
        out.flush();
    }

    private static String symbol(NamespacePlan.Action action) {
        return switch (action) {
            case CREATE -> "+";
            case UPDATE -> "~";
            case DELETE -> "-";
            case NONE -> " ";
        };
    }

    private static String symbol(NamespacePlan.SecretAction action) {
        return switch (action) {
            case ADD -> "+";
            case UPDATE -> "~";
            case DELETE -> "-";
        };
    }
}
