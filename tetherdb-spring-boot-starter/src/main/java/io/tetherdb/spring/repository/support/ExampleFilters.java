package io.tetherdb.spring.repository.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherPersistentEntity;
import io.tetherdb.spring.mapping.TetherPersistentProperty;

import org.springframework.data.domain.Example;
import org.springframework.data.domain.ExampleMatcher;
import org.springframework.data.support.ExampleMatcherAccessor;

/**
 * Turns a query-by-example probe into a {@link Filter}: the probe is written as a document and each
 * non-null leaf value (nested objects are walked into dotted paths; empty collections are skipped) becomes a condition, honouring
 * the matcher's ignored paths, null handling, string matching, case and value transformers, joined
 * with {@code $and} (match all) or {@code $or} (match any). String matchers quote the probe's text
 * unless the matcher asks for {@code REGEX}. Primitive properties always have a value and so always
 * take part unless ignored.
 *
 * <p>Stateless apart from the converter; thread-safe.
 */
final class ExampleFilters {

    private final TetherConverter converter;

    ExampleFilters(TetherConverter converter) {
        this.converter = converter;
    }

    Filter toFilter(Example<?> example) {
        Object probe = example.getProbe();
        TetherPersistentEntity<?> entity = this.converter.getMappingContext()
            .getRequiredPersistentEntity(probe.getClass());
        TetherPersistentProperty id = entity.getIdProperty();
        ExampleMatcherAccessor matcher = new ExampleMatcherAccessor(example.getMatcher());
        List<Filter> conditions = new ArrayList<>();
        collect(this.converter.write(probe), "", "", id, matcher, conditions);
        if (conditions.isEmpty()) {
            return Filter.all();
        }
        if (conditions.size() == 1) {
            return conditions.get(0);
        }
        Filter[] all = conditions.toArray(new Filter[0]);
        return example.getMatcher().isAllMatching() ? Filters.and(all) : Filters.or(all);
    }

    private void collect(Map<String, Object> document, String fieldPrefix, String propertyPrefix,
            TetherPersistentProperty id, ExampleMatcherAccessor matcher, List<Filter> conditions) {
        for (Map.Entry<String, Object> entry : document.entrySet()) {
            String field = fieldPrefix + entry.getKey();
            String property = propertyPrefix
                    + ((id != null && propertyPrefix.isEmpty() && Document.ID.equals(entry.getKey())) ? id.getName()
                            : entry.getKey());
            if (matcher.isIgnoredPath(property)) {
                continue;
            }
            Optional<Object> transformed = matcher.getValueTransformerForPath(property)
                .apply(Optional.ofNullable(entry.getValue()));
            Object value = transformed.map(this.converter::toDocumentValue).orElse(null);
            if (value == null) {
                if (matcher.getNullHandler() == ExampleMatcher.NullHandler.INCLUDE) {
                    conditions.add(Filters.eq(field, null));
                }
                continue;
            }
            if (value instanceof Collection<?> collection && collection.isEmpty()) {
                // an empty collection is what a fresh probe holds, not a condition
                continue;
            }
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) nested;
                collect(fields, field + ".", property + ".", null, matcher, conditions);
            }
            else if (value instanceof String text) {
                conditions.add(string(field, text, matcher.getStringMatcherForPath(property),
                        matcher.isIgnoreCaseForPath(property)));
            }
            else {
                conditions.add(Filters.eq(field, value));
            }
        }
    }

    private static Filter string(String field, String text, ExampleMatcher.StringMatcher stringMatcher,
            boolean ignoreCase) {
        String options = ignoreCase ? "i" : "";
        switch (stringMatcher) {
            case STARTING:
                return Filters.regex(field, "^" + Pattern.quote(text), options);
            case ENDING:
                return Filters.regex(field, Pattern.quote(text) + "$", options);
            case CONTAINING:
                return Filters.regex(field, Pattern.quote(text), options);
            case REGEX:
                return Filters.regex(field, text, options);
            default:
                return ignoreCase ? Filters.regex(field, "^" + Pattern.quote(text) + "$", options)
                        : Filters.eq(field, text);
        }
    }

}
