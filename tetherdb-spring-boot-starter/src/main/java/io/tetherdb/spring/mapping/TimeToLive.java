package io.tetherdb.spring.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

/**
 * Marks the property that holds a document's own expiry, read at each save:
 * <ul>
 * <li>a {@link java.time.Duration}, {@link Long} or {@link Integer} (in {@link #unit()}): the
 * time-to-live, counted from the save;</li>
 * <li>an {@link java.time.Instant} or {@link java.util.Date}: the moment the document expires.</li>
 * </ul>
 * A null value falls back to the entity's {@link Expires} default, if any, and otherwise the
 * document never expires. A zero or negative time-to-live and an instant at or before the save
 * mean already expired: the document is written and is invisible at once, the rule of
 * {@link io.tetherdb.PutOptions}. Primitive {@code long}/{@code int} properties are refused, since
 * an unset one would be 0. The property is stored like any other, so it reads back. At most one
 * property of an entity may carry it.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE, ElementType.RECORD_COMPONENT })
public @interface TimeToLive {

    /**
     * The unit of a numeric time-to-live; ignored for other property types.
     *
     * @return the unit
     */
    ChronoUnit unit() default ChronoUnit.SECONDS;

}
