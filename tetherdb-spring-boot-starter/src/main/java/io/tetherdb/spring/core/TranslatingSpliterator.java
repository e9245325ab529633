package io.tetherdb.spring.core;

import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.support.PersistenceExceptionTranslator;

/**
 * Wraps the spliterator of a lazy store stream so that a failure while the stream is consumed
 * (the store closed or damaged under it) reaches the caller translated, as a failure of any other
 * template call does. Splitting is not supported: a store query streams its results in order.
 *
 * <p>Not thread-safe, like the spliterator it wraps.
 *
 * @param <T> the element type
 */
final class TranslatingSpliterator<T> implements Spliterator<T> {

    private final Spliterator<T> source;

    private final PersistenceExceptionTranslator translator;

    private TranslatingSpliterator(Spliterator<T> source, PersistenceExceptionTranslator translator) {
        this.source = source;
        this.translator = translator;
    }

    /**
     * @param <T> the element type
     * @param stream the store stream; closed when the returned stream is closed
     * @param translator the translator of the store's exceptions
     * @return a stream whose every advance, and whose close, translates the store's exceptions
     */
    static <T> Stream<T> translating(Stream<T> stream, PersistenceExceptionTranslator translator) {
        Stream<T> translated = StreamSupport
            .stream(new TranslatingSpliterator<>(stream.spliterator(), translator), stream.isParallel());
        return translated.onClose(() -> {
            try {
                stream.close();
            }
            catch (RuntimeException ex) {
                throw translate(ex, translator);
            }
        });
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        try {
            return this.source.tryAdvance(action);
        }
        catch (RuntimeException ex) {
            throw translate(ex, this.translator);
        }
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        try {
            this.source.forEachRemaining(action);
        }
        catch (RuntimeException ex) {
            throw translate(ex, this.translator);
        }
    }

    @Override
    public Spliterator<T> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return this.source.estimateSize();
    }

    @Override
    public int characteristics() {
        return this.source.characteristics() & ~(Spliterator.SUBSIZED);
    }

    private static RuntimeException translate(RuntimeException ex, PersistenceExceptionTranslator translator) {
        if (ex instanceof DataAccessException) {
            return ex;
        }
        DataAccessException translated = translator.translateExceptionIfPossible(ex);
        return (translated != null) ? translated : ex;
    }

}
