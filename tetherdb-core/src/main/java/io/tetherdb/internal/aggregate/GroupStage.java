package io.tetherdb.internal.aggregate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.error.MemoryLimitExceededException;
import io.tetherdb.query.InvalidQueryException;

/**
 * A compiled {@code $group}: its {@code _id} expression and accumulators, run in one of three ways:
 * hashing every group until the input ends (the general way, under the memory limit and spilling
 * past it); the same fed by a {@code $unwind} just before it without copying a document per
 * element; or hashing until the groups outgrow the memory limit and then starting over on the input
 * sorted by the group key (a find that reads the key's index), handing out each group as soon as
 * the key changes, so that no more than one group is held. Hashing comes first because reading
 * through an index costs a fetch by id per document, several times a scan's. Immutable and
 * thread-safe.
 */
final class GroupStage {

    /** Groups held by the streaming way, whatever their number. */
    private static final long STREAMING_GROUP_OVERHEAD = 160;

    private final Expression id;
    private final GroupSpec fields;
    /** The stage's keyword, for the memory limit's messages. */
    private final String stage;
    /** The _id's dotted field path when it is a plain one ({@code '$a.b'}), else null. */
    private final String keyPath;

    private GroupStage(Expression id, GroupSpec fields, String stage, String keyPath) {
        this.id = id;
        this.fields = fields;
        this.stage = stage;
        this.keyPath = keyPath;
    }

    static GroupStage compile(Map<?, ?> spec, String at, Set<String> scope) {
        if (!spec.containsKey(Document.ID)) {
            throw new InvalidQueryException(at + ": a group specification must include an _id");
        }
        Object idSpec = spec.get(Document.ID);
        Expression id = ExpressionCompiler.compile(idSpec, scope, at + " _id");
        GroupSpec fields = GroupSpec.compile(spec, at, scope);
        String keyPath = idSpec instanceof String s && s.startsWith("$") && !s.startsWith("$$") ? s.substring(1) : null;
        return new GroupStage(id, fields, at.substring(0, at.indexOf(' ')), keyPath);
    }

    /** @return the dotted path the groups are keyed by when the _id is a plain field path, else null */
    String keyPath() {
        return keyPath;
    }

    /** @return the general stage: every group held until the input ends */
    Stage stage() {
        return (input, context) -> Stage.blocking(input, documents -> {
            Grouper grouper = new Grouper(fields, context, stage);
            while (documents.hasNext()) {
                context.deadline.check();
                add(grouper, documents.next(), context);
            }
            return grouper.results();
        });
    }

    /** @return the general stage fed by the unwinder's rows of each input document */
    Stage afterUnwind(Unwinder unwinder) {
        return (input, context) -> Stage.blocking(input, documents -> {
            Grouper grouper = new Grouper(fields, context, stage);
            while (documents.hasNext()) {
                context.deadline.check();
                unwinder.forEachRow(documents.next(), row -> add(grouper, row, context));
            }
            return grouper.results();
        });
    }

    private void add(Grouper grouper, Map<String, ?> row, RunContext context) {
        Variables variables = context.variables(row);
        grouper.add(id.evaluate(variables), variables);
    }

    /**
     * @param ordered opens the same input sorted by {@link #keyPath()}
     * @return the general stage, which if its groups outgrow the memory limit drops them and starts
     *         over on the sorted input, streaming one group at a time, rather than spill or fail
     */
    Stage hashingThenStreaming(Supplier<Stream<Document>> ordered) {
        return (input, context) -> {
            List<Stream<Document>> reopened = new ArrayList<>(1);
            return Stage.blocking(input, documents -> {
                Grouper grouper = new Grouper(fields, context, stage, false);
                try {
                    while (documents.hasNext()) {
                        context.deadline.check();
                        add(grouper, documents.next(), context);
                    }
                    return grouper.results();
                } catch (MemoryLimitExceededException e) {
                    input.close();
                    Stream<Document> sorted = ordered.get();
                    reopened.add(sorted);
                    return streaming(sorted.iterator(), context);
                }
            }).onClose(() -> reopened.forEach(Stream::close));
        };
    }

    /**
     * @return the groups of input sorted by {@link #keyPath()}: documents whose keys are equal are
     *         next to each other, so each group is finished when the key changes
     */
    private Iterator<Document> streaming(Iterator<Document> documents, RunContext context) {
        return new Iterator<>() {
            private final RunContext.Memory memory = context.memory(stage);
            private Document pending;
            private Variables pendingVariables;
            private Object pendingKey;

            @Override
            public boolean hasNext() {
                return pending != null || documents.hasNext();
            }

            @Override
            public Document next() {
                if (pending == null) {
                    if (!documents.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    read(documents.next());
                }
                Object key = pendingKey;
                Accumulator[] accumulators = fields.newAccumulators(pendingVariables, stage);
                // one group cannot spill: past the limit it fails, or with disk use allowed goes on
                memory.add(STREAMING_GROUP_OVERHEAD + Values.sizeOf(key) + 32L * accumulators.length);
                while (pending != null && sameGroup(pendingKey, key)) {
                    memory.add(fields.accumulate(accumulators, pendingVariables));
                    pending = null;
                    if (documents.hasNext()) {
                        context.deadline.check();
                        read(documents.next());
                    }
                }
                // the group is handed out and no longer held
                memory.release();
                return fields.result(key, accumulators);
            }

            private void read(Document document) {
                pending = document;
                pendingVariables = context.variables(document);
                Object value = id.evaluate(pendingVariables);
                pendingKey = value == Values.MISSING ? null : value;
            }
        };
    }

    private static boolean sameGroup(Object a, Object b) {
        return a instanceof String x && b instanceof String y ? x.equals(y) : Values.compare(a, b) == 0;
    }
}
