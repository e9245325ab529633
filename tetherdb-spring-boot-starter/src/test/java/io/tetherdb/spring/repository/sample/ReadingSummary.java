package io.tetherdb.spring.repository.sample;

/**
 * A closed interface projection of {@link Reading}.
 */
public interface ReadingSummary {

    String getSensor();

    double getValue();

}
