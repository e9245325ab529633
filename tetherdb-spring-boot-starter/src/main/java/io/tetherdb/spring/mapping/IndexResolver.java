package io.tetherdb.spring.mapping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tetherdb.index.IndexDefinition;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.mapping.MappingException;
import org.springframework.util.StringUtils;

/**
 * Resolves the indexes an entity asks for: {@link Indexed} properties and {@link CompoundIndex}
 * annotations of the entity and of every type nested in it (directly or as elements of a
 * collection or array), each on the dotted document path from the root entity, such as
 * {@code publisher.country} or {@code authors.name}. Compound index keys name properties or
 * document fields, relative to the type that declares them. A type nested in itself is followed
 * once.
 *
 * <p>Stateless apart from the context it reads; thread-safe.
 */
final class IndexResolver {

    private final TetherMappingContext context;

    IndexResolver(TetherMappingContext context) {
        this.context = context;
    }

    List<IndexDefinition> resolve(TetherPersistentEntity<?> root) {
        List<IndexDefinition> indexes = new ArrayList<>();
        collect(root, root, "", new HashSet<>(), indexes);
        return indexes;
    }

    private void collect(TetherPersistentEntity<?> root, TetherPersistentEntity<?> entity, String prefix,
            Set<Class<?>> enclosing, List<IndexDefinition> indexes) {
        enclosing.add(entity.getType());
        boolean top = prefix.isEmpty();
        entity.doWithProperties((TetherPersistentProperty property) -> {
            String field = prefix + (top ? property.getFieldName() : property.getJsonName());
            Indexed indexed = property.findAnnotation(Indexed.class);
            if (indexed != null) {
                IndexDefinition index = indexed.descending() ? IndexDefinition.descending(field)
                        : IndexDefinition.ascending(field);
                indexes.add(options(index, indexed.unique(), indexed.sparse(), indexed.name()));
            }
            TetherPersistentEntity<?> nested = nestedEntity(property);
            // a recursive type (a tree) would otherwise give paths without end
            if (nested != null && !enclosing.contains(nested.getType())) {
                collect(root, nested, field + ".", enclosing, indexes);
            }
        });
        for (CompoundIndex compound : AnnotatedElementUtils.findMergedRepeatableAnnotations(entity.getType(),
                CompoundIndex.class, CompoundIndexes.class)) {
            indexes.add(options(compound(root, entity, prefix, compound), compound.unique(), compound.sparse(),
                    compound.name()));
        }
        enclosing.remove(entity.getType());
    }

    private TetherPersistentEntity<?> nestedEntity(TetherPersistentProperty property) {
        // map values sit under keys the mapping cannot know, so no path reaches their properties
        if (!property.isEntity() || property.isMap()) {
            return null;
        }
        return this.context.getPersistentEntity(property.getActualType());
    }

    private IndexDefinition compound(TetherPersistentEntity<?> root, TetherPersistentEntity<?> entity,
            String prefix, CompoundIndex compound) {
        try {
            Map<String, Object> keys = new LinkedHashMap<>();
            IndexDefinition.parse(compound.def()).keys().forEach((path, direction) -> keys
                .put(prefix + this.context.toFieldPath(entity.getType(), path, prefix.isEmpty()), direction));
            return IndexDefinition.of(keys);
        }
        catch (RuntimeException ex) {
            String where = entity.getName() + (prefix.isEmpty() ? "" : " (nested in " + root.getName() + " at "
                    + prefix.substring(0, prefix.length() - 1) + ")");
            throw new MappingException("@CompoundIndex(def = \"" + compound.def() + "\") on " + where
                    + " is not valid: " + ex.getMessage(), ex);
        }
    }

    private static IndexDefinition options(IndexDefinition index, boolean unique, boolean sparse, String name) {
        IndexDefinition result = index;
        if (unique) {
            result = result.unique();
        }
        if (sparse) {
            result = result.sparse();
        }
        if (StringUtils.hasText(name)) {
            result = result.named(name);
        }
        return result;
    }

}
