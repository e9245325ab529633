package io.tetherdb.spring.repository.sample;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tetherdb.spring.repository.Aggregation;
import io.tetherdb.spring.repository.Query;
import io.tetherdb.spring.repository.TetherRepository;
import io.tetherdb.spring.repository.Update;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.query.Param;

/**
 * A repository with a method for every supported keyword, prefix and return type.
 */
public interface ReadingRepository extends TetherRepository<Reading, String> {

    // ---- keywords

    List<Reading> findBySensor(String sensor);

    List<Reading> findBySensorIs(String sensor);

    List<Reading> findBySensorEquals(String sensor);

    List<Reading> findBySensorNot(String sensor);

    List<Reading> findByValueGreaterThan(double value);

    List<Reading> findByValueGreaterThanEqual(double value);

    List<Reading> findByValueLessThan(double value);

    List<Reading> findByValueLessThanEqual(double value);

    List<Reading> findByAtBefore(Instant at);

    List<Reading> findByAtAfter(Instant at);

    List<Reading> findByValueBetween(double from, double to);

    List<Reading> findByValueBetween(Range<Double> range);

    List<Reading> findBySensorIn(Collection<String> sensors);

    List<Reading> findBySensorNotIn(String... sensors);

    List<Reading> findByNoteIsNull();

    List<Reading> findByNoteIsNotNull();

    List<Reading> findByLocationExists();

    List<Reading> findByTagsContaining(String tag);

    List<Reading> findByTagsNotContaining(String tag);

    List<Reading> findByNoteContaining(String text);

    List<Reading> findByNoteNotContaining(String text);

    List<Reading> findByNoteStartingWith(String prefix);

    List<Reading> findByNoteEndingWith(String suffix);

    List<Reading> findByNoteLike(String like);

    List<Reading> findByNoteNotLike(String like);

    List<Reading> findByNoteRegex(String regex);

    List<Reading> findByNoteMatches(Pattern regex);

    List<Reading> findByActiveTrue();

    List<Reading> findByActiveFalse();

    List<Reading> findByTagsIsEmpty();

    List<Reading> findByTagsIsNotEmpty();

    List<Reading> findByNoteIsEmpty();

    List<Reading> findByNoteIsNotEmpty();

    List<Reading> findBySensorIgnoreCase(String sensor);

    List<Reading> findByNoteContainingIgnoreCase(String text);

    List<Reading> findByTagsContainingIgnoreCase(String tag);

    List<Reading> findBySensorInIgnoreCase(List<String> sensors);

    List<Reading> findBySensorAndValueGreaterThan(String sensor, double value);

    List<Reading> findBySensorOrValueLessThan(String sensor, double value);

    List<Reading> findByLocationCity(String city);

    List<Reading> findBySensorOrderByValueDesc(String sensor);

    List<Reading> findByNote(Object note);

    List<Reading> findByNoteIn(Collection<?> notes);

    List<Reading> findByAttributes(Map<String, Object> attributes);

    // ---- prefixes, Top/First, Distinct

    List<Reading> readBySensor(String sensor);

    List<Reading> getBySensor(String sensor);

    List<Reading> queryBySensor(String sensor);

    List<Reading> searchBySensor(String sensor);

    Stream<Reading> streamBySensor(String sensor);

    long countBySensor(String sensor);

    int countByTagsContaining(String tag);

    boolean existsBySensor(String sensor);

    long deleteBySensor(String sensor);

    List<Reading> removeBySensor(String sensor);

    List<Reading> findTop2BySensorOrderByValueDesc(String sensor);

    Optional<Reading> findFirstBySensorOrderByValueAsc(String sensor);

    List<SensorName> findDistinctByValueGreaterThan(double value);

    // ---- return types

    Reading findBySensorAndValue(String sensor, double value);

    Optional<Reading> findOptionalBySensorAndValue(String sensor, double value);

    Page<Reading> findPageBySensor(String sensor, Pageable pageable);

    Slice<Reading> findSliceBySensor(String sensor, Pageable pageable);

    List<Reading> findBySensor(String sensor, Sort sort);

    List<Reading> findBySensor(String sensor, Limit limit);

    List<ReadingSummary> findSummaryBySensor(String sensor);

    List<SensorValue> findValuesBySensor(String sensor);

    <T> List<T> findProjectedBySensor(String sensor, Class<T> type);

    // ---- @Aggregation

    @Aggregation({ "{$match: {sensor: ?0}}", "{$group: {_id: '$sensor', mean: {$avg: '$value'}, n: {$sum: 1}}}",
            "{$project: {_id: 0, sensor: '$_id', mean: 1, n: 1}}" })
    Optional<SensorStats> statsOf(String sensor);

    @Aggregation({ "{$group: {_id: '$sensor', mean: {$avg: '$value'}, n: {$sum: 1}}}",
            "{$project: {_id: 0, sensor: '$_id', mean: 1, n: 1}}", "{$sort: {sensor: 1}}" })
    List<SensorStats> allStats();

    @Aggregation({ "{$match: {value: {$gte: :min}}}", "{$sort: {value: 1}}" })
    Stream<Reading> atLeast(@Param("min") double min);

    @Aggregation({ "{$match: {sensor: ?0}}", "{$count: 'n'}" })
    long countBySensorAggregation(String sensor);

    @Aggregation("{$group: {_id: null, total: {$sum: '$value'}}}")
    Double totalValue();

    @Aggregation({ "{$match: {sensor: 'nobody'}}", "{$group: {_id: null, total: {$sum: '$value'}}}" })
    double totalOfNobody();

    @Aggregation({ "{$match: {sensor: ?0}}", "{$sort: {value: 1}}" })
    Slice<Reading> sliceBySensorAggregation(String sensor, Pageable pageable);

    @Aggregation("{$match: {}}")
    List<Reading> allAggregated(Sort sort);

    @Aggregation({ "{$sort: {value: -1}}", "{$limit: ?0}" })
    List<Reading> topAggregated(int n);

    @Aggregation({ "{$match: {note: ?0}}", "{$project: {note: 1, echo: ?0, same: {$eq: ['$note', ?0]}}}" })
    List<io.tetherdb.document.Document> noteAggregation(Object note);

    @Aggregation({ "{$match: {sensor: ?0}}", "{$group: {_id: ?0, n: {$sum: 1}}}" })
    List<io.tetherdb.document.Document> groupUnderArgument(Object sensor);

    // ---- @Query

    @Query("{ 'value': { '$gt': ?0 } }")
    List<Reading> findAbove(double value);

    @Query("{ 'sensor': :sensor, 'value': { '$gte': :min } }")
    List<Reading> findNamed(@Param("sensor") String sensor, @Param("min") double min);

    @Query("{ sensor: ?0, at: { $gte: ?1, $lt: ?2 } }")
    List<Reading> findWindow(String sensor, Instant from, Instant to);

    @Query(value = "{ 'sensor': ?0 }", count = true)
    long countQuery(String sensor);

    @Query(value = "{ 'sensor': ?0 }", exists = true)
    boolean existsQuery(String sensor);

    @Query(value = "{ 'sensor': ?0 }", delete = true)
    long deleteQuery(String sensor);

    @Query(value = "{ 'sensor': ?0 }", sort = "{ 'value': -1 }")
    List<Reading> sortedQuery(String sensor);

    @Query(value = "{ 'sensor': ?0 }", fields = "{ 'sensor': 1 }")
    List<Reading> fieldsQuery(String sensor);

    @Query("{ 'sensor': ?0 }")
    Page<Reading> pageQuery(String sensor, Pageable pageable);

    @Query("{ 'sensor': ?0 }")
    List<Reading> sortQuery(String sensor, Sort sort);

    @Query("{ 'sensor': ?0 }")
    List<Reading> limitQuery(String sensor, Limit limit);

    @Query("{ 'sensor': ?0 }")
    Stream<Reading> streamQuery(String sensor);

    @Query("{ 'sensor': ?0, 'value': ?1 }")
    Optional<Reading> oneQuery(String sensor, double value);

    @Query("{ 'sensor': { '$in': ?0 } }")
    List<Reading> inQuery(List<String> sensors);

    @Query("{ 'tags': { '$contains': ?0 } }")
    List<Reading> tagQuery(String tag);

    @Query("{ 'note': ?0 }")
    List<Reading> noteQuery(Object note);

    @Query("{ 'note': { '$eq': ?0 } }")
    List<Reading> noteEqQuery(Object note);

    @Query("{ 'note': '?0' }")
    List<Reading> noteQuotedQuery(Object note);

    @Query("{ \"note\": { \"$in\": [\"?0\", 'none'] } }")
    List<Reading> noteDoubleQuotedInQuery(Object note);

    @Query("{ 'note': ':note', 'sensor': 'corpus' }")
    List<Reading> noteNamedQuotedQuery(@Param("note") Object note);

    @Query("{ 'note': { '$ne': ?0 }, 'sensor': 'corpus' }")
    List<Reading> noteNotQuery(Object note);

    @Query("{ 'note': { '$in': [?0, 'none'] } }")
    List<Reading> noteInQuery(Object note);

    @Query("{ 'note': { '$gt': ?0 } }")
    List<Reading> noteAboveQuery(Object note);

    @Query("{ 'attributes': ?0 }")
    List<Reading> attributesQuery(Object attributes);

    @Query("{ '$or': [ { 'sensor': ?0 }, { 'note': ?0 } ] }")
    List<Reading> sensorOrNoteQuery(String text);

    @Query("{ 'note': { '$regex': ?0 } }")
    List<Reading> noteRegexQuery(String regex);

    @Query("{ 'sensor': ?0 }")
    List<SensorValue> valuesQuery(String sensor);

    // ---- @Update (issue 15)

    @Update("{ '$set': { 'note': ?1 } }")
    long findAndSetNoteBySensor(String sensor, Object note);

    @Query("{ '_id': ?0 }")
    @Update("{ '$push': { 'tags': ?1 } }")
    void pushTag(String id, Object tag);

    @Query("{ '_id': ?0 }")
    @Update("{ '$addToSet': { 'tags': ?1 } }")
    int addTag(String id, Object tag);

    @Query("{ '_id': ?0 }")
    @Update("{ '$pull': { 'tags': ?1 } }")
    int pullTag(String id, Object tag);

    @Query("{ '_id': ?0 }")
    @Update("{ '$set': { 'attributes': ?1 } }")
    Optional<Reading> setAttributes(String id, Object attributes);

    @Query("{ 'sensor': :sensor }")
    @Update("{ '$inc': { 'value': :by }, '$currentDate': { 'at': true } }")
    Reading findAndIncrementValue(@Param("sensor") String sensor,
            @Param("by") double by);

    @Query("{ 'value': { '$lt': ?0 } }")
    @Update("{ '$pull': { 'tags': { '$in': ?1 } }, '$set': { 'active': false } }")
    long deactivateBelow(double value, Collection<String> tags);

    // ---- scrolling

    Window<Reading> findFirst3BySensorNotOrderByValueDesc(String sensor, ScrollPosition position);

    Window<Reading> findBySensorNot(String sensor, ScrollPosition position, Sort sort, Limit limit);

    Window<SensorName> findTop4ByOrderByNoteAsc(ScrollPosition position);

    @Query(value = "{ 'value': { '$gte': ?0 } }", sort = "{ 'sensor': 1, 'value': -1 }")
    Window<Reading> scrollAtLeast(double min, ScrollPosition position, Limit limit);

}
