package io.tetherdb.spring.mapping.event;

import java.util.List;
import java.util.stream.Stream;

import io.tetherdb.spring.repository.Aggregation;
import io.tetherdb.spring.repository.TetherRepository;

/**
 * Repository of {@link Parcel}, with a query method of each kind the lifecycle tests read or delete through.
 */
public interface ParcelRepository extends TetherRepository<Parcel, String> {

    List<Parcel> findByLabel(String label);

    Stream<Parcel> streamByLabel(String label);

    List<ParcelLabel> findLabelsByCode(String code);

    long deleteByLabel(String label);

    List<Parcel> removeByLabel(String label);

    @Aggregation({ "{$match: {label: ?0}}", "{$sort: {code: 1}}" })
    List<Parcel> aggregateByLabel(String label);

}
