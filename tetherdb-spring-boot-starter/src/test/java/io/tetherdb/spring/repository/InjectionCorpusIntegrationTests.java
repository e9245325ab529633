package io.tetherdb.spring.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tetherdb.spring.repository.sample.Reading;
import io.tetherdb.spring.repository.sample.ReadingRepository;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.InvalidDataAccessApiUsageException;

import static io.tetherdb.spring.repository.ReadingFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Arguments that look like query syntax are values: each string matches only the document whose
 * note is that very text, and maps holding operator-like field names (which no stored document can
 * hold) match nothing, through {@code @Query} and derived methods alike; given to {@code @Update}
 * methods, they are stored or removed as values, never read as update syntax.
 */
@DataTetherTest
class InjectionCorpusIntegrationTests {

    static final List<String> CORPUS = List.of("{\"$ne\": null}", "{\"$gt\": \"\"}", ".*", "{ $regex: '.*' }",
            "a.b", "$where", "it's \"quoted\" {and} [braced]", "?0", ":name", "\\Q.*\\E", "*");

    @Autowired
    private ReadingRepository readings;

    @BeforeEach
    void load() {
        this.readings.deleteAll();
        List<Reading> documents = new ArrayList<>();
        for (int i = 0; i < CORPUS.size(); i++) {
            documents.add(Reading.of("corpus", i).id("c" + i).note(CORPUS.get(i)));
        }
        documents.add(Reading.of("corpus", 99).id("plain").note("plain text").attributes(Map.of("k", "v")));
        documents.add(Reading.of("corpus", 98).id("none"));
        this.readings.insert(documents);
    }

    @Test
    void stringsMatchOnlyTheirLiteral() {
        for (int i = 0; i < CORPUS.size(); i++) {
            String text = CORPUS.get(i);
            String id = "c" + i;
            assertThat(ids(this.readings.noteQuery(text))).as("@Query {note: ?0} with %s", text).containsExactly(id);
            assertThat(ids(this.readings.noteEqQuery(text))).as("$eq with %s", text).containsExactly(id);
            assertThat(ids(this.readings.noteQuotedQuery(text))).as("'?0' with %s", text).containsExactly(id);
            assertThat(ids(this.readings.noteDoubleQuotedInQuery(text))).as("$in [\"?0\"] with %s", text)
                .containsExactly(id);
            assertThat(ids(this.readings.noteNamedQuotedQuery(text))).as("':note' with %s", text).containsExactly(id);
            assertThat(ids(this.readings.noteInQuery(text))).as("$in with %s", text).containsExactly(id);
            assertThat(ids(this.readings.noteNotQuery(text))).as("$ne with %s", text).doesNotContain(id)
                .hasSize(CORPUS.size() + 1);
            assertThat(ids(this.readings.sensorOrNoteQuery(text))).as("$or with %s", text).containsExactly(id);
            assertThat(ids(this.readings.findByNote(text))).as("derived with %s", text).containsExactly(id);
            assertThat(ids(this.readings.findByNoteIn(List.of(text)))).as("In with %s", text).containsExactly(id);
            assertThat(ids(this.readings.findByNoteStartingWith(text))).as("StartingWith %s", text).contains(id)
                .allSatisfy((match) -> assertThat(noteOf(match)).startsWith(text));
            assertThat(ids(this.readings.findByNoteEndingWith(text))).as("EndingWith %s", text).contains(id)
                .allSatisfy((match) -> assertThat(noteOf(match)).endsWith(text));
            assertThat(ids(this.readings.findByNoteContaining(text))).as("Containing %s", text).contains(id)
                .allSatisfy((match) -> assertThat(noteOf(match)).contains(text));
            assertThat(ids(this.readings.findByNoteContainingIgnoreCase(text))).as("Containing ignoring case %s", text)
                .contains(id)
                .allSatisfy((match) -> assertThat(noteOf(match).toLowerCase()).contains(text.toLowerCase()));
            assertThat(ids(this.readings.findBySensorIgnoreCase(text))).as("IgnoreCase %s", text).isEmpty();
        }
    }

    @Test
    void aggregationArgumentsAreValuesInMatchAndInExpressions() {
        for (int i = 0; i < CORPUS.size(); i++) {
            String text = CORPUS.get(i);
            List<io.tetherdb.document.Document> results = this.readings.noteAggregation(text);
            assertThat(results).as("@Aggregation with %s", text).hasSize(1);
            assertThat(results.get(0)).as("@Aggregation with %s", text).containsEntry("_id", "c" + i)
                .containsEntry("echo", text).containsEntry("same", true);
        }
        for (Object map : List.of(mapOf("$ne", null), mapOf("$gt", ""), mapOf("$regex", ".*"), mapOf("a.b", 1),
                mapOf("$toUpper", "$note"))) {
            assertThat(this.readings.noteAggregation(map)).as("@Aggregation with %s", map).isEmpty();
        }
    }

    @Test
    void likeTreatsOnlyTheStarAsAWildcard() {
        assertThat(ids(this.readings.findByNoteLike(".*"))).containsExactly("c2");
        assertThat(ids(this.readings.findByNoteLike("a.b"))).containsExactly("c4");
        assertThat(ids(this.readings.findByNoteLike("\\Q.*\\E"))).containsExactly("c9");
    }

    @Test
    void mapsWithOperatorOrDottedKeysMatchNothing() {
        List<Map<String, Object>> maps = new ArrayList<>();
        maps.add(mapOf("$ne", null));
        maps.add(mapOf("$gt", ""));
        maps.add(mapOf("$regex", ".*"));
        maps.add(mapOf("$regularExpression", Map.of("pattern", ".*", "options", "")));
        maps.add(mapOf("$exists", true));
        maps.add(mapOf("a.b", 1));
        maps.add(mapOf("k", mapOf("$ne", null)));
        for (Map<String, Object> map : maps) {
            assertThat(this.readings.noteQuery(map)).as("@Query {note: ?0} with %s", map).isEmpty();
            assertThat(this.readings.noteEqQuery(map)).as("$eq with %s", map).isEmpty();
            assertThat(this.readings.noteQuotedQuery(map)).as("'?0' with %s", map).isEmpty();
            assertThat(this.readings.noteDoubleQuotedInQuery(map)).as("$in [\"?0\"] with %s", map).isEmpty();
            assertThat(this.readings.noteNamedQuotedQuery(map)).as("':note' with %s", map).isEmpty();
            assertThat(this.readings.noteInQuery(map)).as("$in with %s", map).isEmpty();
            assertThat(this.readings.attributesQuery(map)).as("attributes with %s", map).isEmpty();
            assertThat(this.readings.noteNotQuery(map)).as("$ne with %s", map).hasSize(CORPUS.size() + 2);
            assertThat(this.readings.findByNote(map)).as("derived with %s", map).isEmpty();
            assertThat(this.readings.findByAttributes(map)).as("derived attributes with %s", map).isEmpty();
            assertThat(this.readings.findByNoteIn(List.of(map))).as("In with %s", map).isEmpty();
            assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
                .as("$gt with %s", map)
                .isThrownBy(() -> this.readings.noteAboveQuery(map))
                .withMessageContaining("no document can hold");
        }
    }

    @Test
    void anOrdinaryMapMatchesTheEqualDocument() {
        assertThat(ids(this.readings.attributesQuery(Map.of("k", "v")))).containsExactly("plain");
        assertThat(ids(this.readings.findByAttributes(Map.of("k", "v")))).containsExactly("plain");
    }

    @Test
    void regexKeywordsTakeTheArgumentAsARegexOnlyWhenTheyNameIt() {
        assertThat(this.readings.findByNoteRegex("^c.*")).isEmpty();
        assertThat(ids(this.readings.findByNoteRegex("^plain"))).containsExactly("plain");
        assertThat(this.readings.noteRegexQuery(".*")).hasSize(CORPUS.size() + 1);
    }

    @Test
    void updateArgumentsAreValuesToo() {
        for (String text : CORPUS) {
            this.readings.pushTag("plain", text);
            List<String> tags = this.readings.findById("plain").orElseThrow().getTags();
            assertThat(tags).as("$push of %s", text).last().isEqualTo(text);
            assertThat(this.readings.pullTag("plain", text)).as("$pull of %s", text).isEqualTo(1);
        }
        for (Map<String, Object> map : List.of(mapOf("$ne", null), mapOf("$each", List.of("x")), mapOf("a.b", 1),
                mapOf("k", mapOf("$gt", "")))) {
            assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).as("$push of %s", map)
                .isThrownBy(() -> this.readings.pushTag("plain", map))
                .withMessageContaining("no document can hold");
            assertThat(this.readings.pullTag("plain", map)).as("$pull of %s", map).isZero();
            assertThatExceptionOfType(InvalidDataAccessApiUsageException.class).as("$set of %s", map)
                .isThrownBy(() -> this.readings.setAttributes("plain", map));
        }
        assertThat(this.readings.findById("plain").orElseThrow().getTags()).isEmpty();
        assertThat(this.readings.findById("plain").orElseThrow().getAttributes()).isEqualTo(Map.of("k", "v"));
    }

    private String noteOf(String id) {
        return this.readings.findById(id).orElseThrow().getNote();
    }

    private static Map<String, Object> mapOf(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

}
