package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tetherdb.document.Document;
import io.tetherdb.query.InvalidQueryException;

/**
 * {@code $out} (replace a collection's documents with the pipeline's output) and {@code $merge}
 * (merge the output into a collection by {@code _id}): the output is collected and written in one
 * write of the store, all or nothing. Thread-safe.
 */
final class Output {

    private static final Set<String> WHEN_MATCHED = Set.of("replace", "keepExisting", "merge", "fail");
    private static final Set<String> WHEN_NOT_MATCHED = Set.of("insert", "discard", "fail");

    private Output() {
    }

    static Stage compile(StageKind kind, Object spec, String at) {
        String collection;
        String whenMatched = "merge";
        String whenNotMatched = "insert";
        if (spec instanceof String s) {
            collection = s;
        } else if (kind == StageKind.OUT) {
            Map<String, Object> options = ExpressionCompiler.options(spec, at, Set.of("db", "coll"), Set.of("coll"));
            if (options.containsKey("db")) {
                throw new InvalidQueryException(at + ": writing to another database is not supported; a pipeline"
                        + " writes to a collection of its own store");
            }
            collection = String.valueOf(options.get("coll"));
        } else {
            Map<String, Object> options = ExpressionCompiler.options(spec, at,
                    Set.of("into", "on", "whenMatched", "whenNotMatched"), Set.of("into"));
            if (!(options.get("into") instanceof String s)) {
                throw new InvalidQueryException(at + ": 'into' must be a collection name of this store");
            }
            collection = s;
            Object on = options.getOrDefault("on", Document.ID);
            if (!Document.ID.equals(on) && !List.of(Document.ID).equals(on)) {
                throw new InvalidQueryException(at + ": 'on' supports only _id, but was " + on);
            }
            Object matched = options.getOrDefault("whenMatched", whenMatched);
            if (!(matched instanceof String m) || !WHEN_MATCHED.contains(m)) {
                throw new InvalidQueryException(at + ": 'whenMatched' must be one of " + WHEN_MATCHED
                        + " (pipelines are not supported) but was " + matched);
            }
            whenMatched = m;
            Object notMatched = options.getOrDefault("whenNotMatched", whenNotMatched);
            if (!(notMatched instanceof String n) || !WHEN_NOT_MATCHED.contains(n)) {
                throw new InvalidQueryException(at + ": 'whenNotMatched' must be one of " + WHEN_NOT_MATCHED
                        + " but was " + notMatched);
            }
            whenNotMatched = n;
        }
        if (collection.isEmpty() || collection.startsWith("$")) {
            throw new InvalidQueryException(at + ": invalid target collection name '" + collection + "'");
        }
        boolean replaceAll = kind == StageKind.OUT;
        String target = collection;
        String matched = whenMatched;
        String notMatched = whenNotMatched;
        return (input, context) -> Stage.blocking(input, documents -> {
            List<Document> all = new ArrayList<>();
            while (documents.hasNext()) {
                context.deadline.check();
                all.add(documents.next());
            }
            context.source.write(new PipelineSource.Output(target, replaceAll, all, matched, notMatched));
            return Collections.emptyIterator();
        });
    }
}
