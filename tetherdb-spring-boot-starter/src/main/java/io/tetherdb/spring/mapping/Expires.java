package io.tetherdb.spring.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives every document of an entity a default time-to-live, counted from each save:
 * {@code @Expires(after = "PT1H")} or {@code @Expires(after = "30m")}. An expired document is never
 * returned by any read and is removed by the starter's scheduled sweep. A {@link TimeToLive}
 * property with a value overrides the default for its document; saving a document again starts
 * its time-to-live anew.
 *
 * <p>An annotation: immutable.
 *
 * @since 0.1
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Expires {

    /**
     * How long a document lives after it is saved: an ISO-8601 duration ({@code PT1H}) or a
     * number with a unit ({@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}). Zero or negative
     * writes every document already expired (invisible at once), the rule of
     * {@link io.tetherdb.PutOptions}.
     *
     * @return the time-to-live
     */
    String after();

}
