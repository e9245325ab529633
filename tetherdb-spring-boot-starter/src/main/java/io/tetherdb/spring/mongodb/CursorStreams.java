package io.tetherdb.spring.mongodb;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.mongodb.client.MongoCursor;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * Lazy streams over a driver cursor: closing the stream closes the cursor, and a driver failure
 * while the stream is consumed or closed is translated as on every other path. Stateless and
 * thread-safe; each stream is confined to its consumer.
 */
final class CursorStreams {

    private CursorStreams() {
    }

    static <S, T> Stream<T> stream(MongoCursor<S> cursor, Function<S, T> mapper,
            PersistenceExceptionTranslator translator) {
        Spliterator<T> spliterator = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                boolean more;
                S next = null;
                try {
                    more = cursor.hasNext();
                    if (more) {
                        next = cursor.next();
                    }
                }
                catch (RuntimeException ex) {
                    throw translate(ex, translator);
                }
                if (more) {
                    action.accept(mapper.apply(next));
                }
                return more;
            }
        };
        return StreamSupport.stream(spliterator, false).onClose(() -> {
            try {
                cursor.close();
            }
            catch (RuntimeException ex) {
                throw translate(ex, translator);
            }
        });
    }

    private static RuntimeException translate(RuntimeException ex, PersistenceExceptionTranslator translator) {
        if (ex instanceof DataAccessException) {
            return ex;
        }
        DataAccessException translated = translator.translateExceptionIfPossible(ex);
        return (translated != null) ? translated : ex;
    }

}
