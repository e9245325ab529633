package io.tetherdb.spring.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a repository method updates the documents its filter matches, with an update in
 * MongoDB's syntax as relaxed JSON: {@code @Update("{ '$inc': { 'copies': ?1 } }")}. The filter is
 * the method's own: a {@link Query @Query} on the same method, or else the one derived from its
 * name, which starts with {@code find...By} as for any derived query
 * ({@code findAndIncrementCopiesByIsbn(String isbn, int n)}). Field names are the stored ones, as
 * in {@code @Query}.
 *
 * <p>The return type chooses what happens: {@code void} updates every match; {@code long} or
 * {@code int} (or their wrappers) updates every match and returns how many were modified; the
 * entity type or {@code Optional} of it updates the first match (in the method's order) and returns
 * it as it is after the update, or null/empty when nothing matched. Every update is one atomic
 * write; an update of several documents is all or nothing. A versioned entity's {@code @Version}
 * is incremented by the same write, unless the update itself changes it.
 *
 * <p>Placeholders ({@code ?0}, {@code :name}) are bound as values, exactly as in {@code @Query}:
 * the text is parsed once at start-up and an argument never becomes update syntax. A single value
 * given to {@code $push} or {@code $addToSet} is one element (never {@code $each} modifiers), a
 * value given to {@code $pull} is removed where equal (never a condition), and a value holding a
 * field name that starts with {@code $} is refused. A placeholder may not stand for a field name,
 * a {@code $rename} target, a {@code $currentDate} operand or a {@code $sort} specification.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.2
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface Update {

    /**
     * The update, such as {@code { '$set': { 'status': ?1 }, '$inc': { 'changes': 1 } }}.
     *
     * @return the update
     */
    String value();

}
