package dev.cascade.examples.boot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.NotFoundException;
import dev.cascade.namespace.NamespaceId;
import dev.cascade.resolve.ResolvedTask;
import dev.cascade.resolve.Resolver;
import dev.cascade.yaml.NamespaceDocuments;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /flows/{id}/tasks}: every task of a flow (from {@code flows/<id>.yml}) as the executor would run it,
 * plugin defaults applied and templates rendered, with secret values masked: what a UI may show. The unmasked task
 * is what an executor hands to the plugin, in memory, never to a response or a log.
 */
@RestController
class FlowController {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Resolver resolver;

    FlowController(Resolver resolver) {
        this.resolver = resolver;
    }

    /** The task as a JSON tree with every secret value replaced by the masker (values inside strings included). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> masked(ResolvedTask r) {
        try {
            return JSON.readValue(r.masker().mask(JSON.writeValueAsString(r.task())), Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The resolved task could not be written as JSON", e);
        }
    }

    @GetMapping("/flows/{id}/tasks")
    @SuppressWarnings("unchecked")
    Map<String, Object> tasks(@PathVariable String id) {
        if (!id.matches("[a-z0-9-]{1,64}")) {
            throw new NotFoundException("No flow '" + id + "'");
        }
        String yaml;
        try {
            yaml = CascadeExampleApplication.read("flows/" + id + ".yml");
        } catch (RuntimeException e) {
            throw new NotFoundException("No flow '" + id + "'");
        }
        Map<String, Object> flow = new NamespaceDocuments().readVariables(yaml);
        NamespaceId namespace = NamespaceId.of((String) flow.get("namespace"));
        List<Map<String, Object>> resolved = new ArrayList<>();
        for (Object task : (List<Object>) flow.get("tasks")) {
            ResolvedTask r = resolver.resolveTask(CascadeExampleApplication.TENANT, namespace, (Map<String, Object>) task,
                    List.of(), Map.of("flow", Map.of("id", flow.get("id"), "namespace", namespace.value())));
            resolved.add(masked(r));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("flow", flow.get("id"));
        out.put("namespace", namespace.value());
        out.put("tasks", resolved);
        return out;
    }
}
