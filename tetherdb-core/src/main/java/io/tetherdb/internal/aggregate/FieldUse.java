package io.tetherdb.internal.aggregate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Projection;
import io.tetherdb.query.Sort;

/**
 * Which top-level fields a pipeline reads from its input, when that can be known: when the stages
 * after the leading find are some {@code $match}, {@code $sort}, {@code $skip}, {@code $limit} and
 * {@code $unwind} and then a stage that builds new documents from named fields ({@code $group},
 * {@code $bucket}, {@code $bucketAuto}, {@code $sortByCount}, {@code $count}). Then the find decodes
 * only those fields of each stored document. Anything else ({@code $$ROOT}, a stage that passes
 * whole documents on) means every field. Stateless and thread-safe.
 */
final class FieldUse {

    private FieldUse() {
    }

    static Projection projection(List<PipelineCompiler.Compiled> stages) {
        Set<String> fields = new LinkedHashSet<>();
        for (PipelineCompiler.Compiled stage : stages) {
            switch (stage.kind()) {
                case MATCH: {
                    if (MatchStage.hasExpressions(stage.spec())) {
                        return Projection.all();
                    }
                    Filter filter = PipelineCompiler.filter(stage.spec(), stage.at());
                    for (String field : filter.topLevelFields()) {
                        if (field.startsWith("$")) {
                            return Projection.all();
                        }
                        fields.add(field);
                    }
                    break;
                }
                case SORT:
                    for (Sort.Key key : PipelineCompiler.sort(stage.spec(), stage.at()).keys()) {
                        fields.add(key.path().segment(0));
                    }
                    break;
                case SKIP:
                case LIMIT:
                    break;
                case UNWIND: {
                    Object path = stage.spec() instanceof Map<?, ?> m ? m.get("path") : stage.spec();
                    if (!collect(path, fields)) {
                        return Projection.all();
                    }
                    break;
                }
                case GROUP:
                case BUCKET:
                case BUCKET_AUTO:
                case SORT_BY_COUNT:
                case COUNT:
                    if (!collect(stage.spec(), fields)) {
                        return Projection.all();
                    }
                    return only(fields);
                default:
                    return Projection.all();
            }
        }
        return Projection.all();
    }

    /** @return a projection of the fields and {@code _id} */
    static Projection include(Set<String> fields) {
        fields.remove(Document.ID);
        return fields.isEmpty() ? Projection.of(Map.of(Document.ID, 1))
                : Projection.include(fields.toArray(String[]::new));
    }

    /** @return a projection of the fields, with {@code _id} only when it is one of them */
    private static Projection only(Set<String> fields) {
        if (fields.contains(Document.ID) || fields.isEmpty()) {
            return include(fields);
        }
        // a reducing stage that never names _id need not decode it from every document
        return Projection.include(fields.toArray(String[]::new)).excludeId();
    }

    /**
     * Adds the top-level fields an operand names (field paths, and the keys of a {@code sortBy});
     * @return false if it reads the whole document
     */
    private static boolean collect(Object spec, Set<String> fields) {
        if (spec instanceof String s) {
            if (s.startsWith("$$")) {
                String variable = s.substring(2).split("\\.", -1)[0];
                return !variable.equals("ROOT") && !variable.equals("CURRENT");
            }
            if (s.startsWith("$") && s.length() > 1) {
                fields.add(s.substring(1).split("\\.", -1)[0]);
            }
            return true;
        }
        if (spec instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if ("sortBy".equals(entry.getKey()) && entry.getValue() instanceof Map<?, ?> sortBy) {
                    for (Object key : sortBy.keySet()) {
                        fields.add(String.valueOf(key).split("\\.", -1)[0]);
                    }
                } else if ("$literal".equals(entry.getKey())) {
                    continue;
                } else if (!collect(entry.getValue(), fields)) {
                    return false;
                }
            }
            return true;
        }
        if (spec instanceof List<?> list) {
            for (Object element : list) {
                if (!collect(element, fields)) {
                    return false;
                }
            }
        }
        return true;
    }
}
