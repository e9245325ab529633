package io.tetherdb.spring.mapping.event;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.spring.core.FindAndModifyOptions;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.core.TetherTemplate;
import io.tetherdb.spring.core.Update;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The mapping events and entity callbacks of the template and the repositories: which operations
 * publish which, in what order, what they carry, that callbacks change what is written and read,
 * that a refused write publishes no After* event, and the switch that turns events off. Runs
 * without the slice's test transaction, so that every write is made at once.
 */
@DataTetherTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import(LifecycleRecorder.Callbacks.class)
class EntityLifecycleIntegrationTests {

    private static final List<String> SAVE = List.of("BeforeConvertEvent", "BeforeConvertCallback",
            "BeforeSaveEvent", "BeforeSaveCallback", "AfterSaveEvent", "AfterSaveCallback");

    private static final List<String> LOAD = List.of("AfterLoadEvent", "AfterConvertEvent", "AfterConvertCallback");

    private static final List<String> DELETE = List.of("BeforeDeleteEvent", "AfterDeleteEvent");

    @Autowired
    private ParcelRepository parcels;

    @Autowired
    private StampedRepository stamped;

    @Autowired
    private TetherTemplate template;

    @Autowired
    private TetherDB db;

    @Autowired
    private LifecycleRecorder recorder;

    @BeforeEach
    void startEmpty() {
        this.db.collection("parcels").deleteMany(Filter.all());
        this.db.collection("stamped").deleteMany(Filter.all());
        this.recorder.clear();
    }

    private static List<String> times(int n, List<String> steps) {
        return java.util.Collections.nCopies(n, steps).stream().flatMap(List::stream).toList();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    @Test
    void saveInsertAndUpdatePublishEachStepOnceInOrder() {
        Parcel saved = this.parcels.save(new Parcel("p1", "c1", "box"));
        assertThat(this.recorder.steps()).containsExactlyElementsOf(SAVE);
        AfterSaveEvent<?> afterSave = (AfterSaveEvent<?>) this.recorder.events().get(2);
        assertThat(afterSave.getSource()).isSameAs(saved);
        assertThat(afterSave.getDocument()).containsEntry("_id", "p1").containsEntry("version", 0L);
        assertThat(afterSave.getCollectionName()).isEqualTo("parcels");
        BeforeConvertEvent<?> beforeConvert = (BeforeConvertEvent<?>) this.recorder.events().get(0);
        assertThat(beforeConvert.getDocument()).isNull();

        this.recorder.clear();
        saved.setLabel("crate");
        this.parcels.save(saved);
        this.template.insert(new Parcel("p2", "c2", "box"));
        this.parcels.insert(List.of(new Parcel("p3", "c3", "box"), new Parcel("p4", "c4", "box")));
        // a batch converts every entity before it writes any, and reports the saves after the one write
        assertThat(this.recorder.steps()).containsExactlyElementsOf(concat(times(2, SAVE), List.of(
                "BeforeConvertEvent", "BeforeConvertCallback", "BeforeSaveEvent", "BeforeSaveCallback",
                "BeforeConvertEvent", "BeforeConvertCallback", "BeforeSaveEvent", "BeforeSaveCallback",
                "AfterSaveEvent", "AfterSaveCallback", "AfterSaveEvent", "AfterSaveCallback")));
        assertThat(this.recorder.parcelSaves()).extracting((event) -> event.getSource().getId())
            .as("the recorder was cleared after the first save").containsExactly("p1", "p2", "p3", "p4");
    }

    @Test
    void aListenerOfOneEntityTypeHearsOnlyThatType() {
        this.stamped.save(new Stamped("s1", "label"));
        assertThat(this.recorder.parcelSaves()).isEmpty();
        this.parcels.save(new Parcel("p1", "c1", "box"));
        assertThat(this.recorder.parcelSaves()).singleElement()
            .satisfies((event) -> assertThat(event.getSource().getCode()).isEqualTo("c1"));
    }

    @Test
    void refusedWritesPublishNoAfterSave() {
        Parcel first = this.parcels.save(new Parcel("p1", "c1", "box"));
        this.recorder.clear();
        List<String> beforeOnly = SAVE.subList(0, 4);

        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.template.insert(new Parcel("p1", "c9", "duplicate id")));
        assertThat(this.recorder.steps()).containsExactlyElementsOf(beforeOnly);

        this.recorder.clear();
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.parcels.save(new Parcel("p2", "c1", "duplicate code")));
        assertThat(this.recorder.steps()).containsExactlyElementsOf(beforeOnly);

        this.recorder.clear();
        Parcel stale = this.parcels.findById("p1").orElseThrow();
        this.parcels.save(first);
        this.recorder.clear();
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.parcels.save(stale))
            .withMessageContaining("stored version is 1");
        assertThat(this.recorder.steps()).containsExactlyElementsOf(beforeOnly);

        this.recorder.clear();
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.parcels
            .insert(List.of(new Parcel("p3", "c3", "new"), new Parcel("p1", "c4", "duplicate id"))));
        assertThat(this.recorder.steps()).containsExactlyElementsOf(concat(beforeOnly, beforeOnly));
        assertThat(this.parcels.count()).isEqualTo(1);
    }

    @Test
    void readsAreLoadsWithTheirEventsAndCallbacks() {
        this.parcels.insert(List.of(new Parcel("p1", "c1", "box"), new Parcel("p2", "c2", "box")));
        this.recorder.clear();

        this.parcels.findById("p1");
        assertThat(this.recorder.steps()).containsExactlyElementsOf(LOAD);
        AfterLoadEvent<?> load = (AfterLoadEvent<?>) this.recorder.events().get(0);
        assertThat(load.getType()).isEqualTo(Parcel.class);
        assertThat(load.getSource()).containsEntry("_id", "p1");
        AfterConvertEvent<?> convert = (AfterConvertEvent<?>) this.recorder.events().get(1);
        assertThat(convert.getSource()).isInstanceOf(Parcel.class);
        assertThat(convert.getDocument()).isSameAs(load.getSource());

        this.recorder.clear();
        this.parcels.findAll();
        this.parcels.findByLabel("box");
        try (Stream<Parcel> stream = this.parcels.streamByLabel("box")) {
            assertThat(this.recorder.steps()).as("a stream loads as it is read").hasSize(12);
            assertThat(stream.count()).isEqualTo(2);
        }
        this.parcels.aggregateByLabel("box");
        this.template.aggregate("[{$match: {label: 'box'}}]", Parcel.class, Parcel.class);
        assertThat(this.recorder.steps()).containsExactlyElementsOf(times(10, LOAD));

        this.recorder.clear();
        assertThat(this.parcels.findLabelsByCode("c1")).containsExactly(new ParcelLabel("box"));
        assertThat(this.template.find(TetherQuery.all(), Parcel.class, ParcelLabel.class)).hasSize(2);
        // a DTO is loaded, but the parcel's callbacks do not apply to it
        assertThat(this.recorder.steps()).containsExactlyElementsOf(times(3,
                List.of("AfterLoadEvent", "AfterConvertEvent")));
        assertThat(this.recorder.events().get(0)).isInstanceOfSatisfying(AfterLoadEvent.class,
                (event) -> assertThat(event.getType()).isEqualTo(ParcelLabel.class));

        this.recorder.clear();
        Window<Parcel> window = this.template.scroll(TetherQuery.all().with(Sort.by("label")).limit(1),
                ScrollPosition.keyset(), Parcel.class, Parcel.class);
        assertThat(window).hasSize(1);
        assertThat(this.recorder.steps()).as("a scrolled window is a load").containsExactlyElementsOf(LOAD);

        this.recorder.clear();
        this.template.findDocuments(TetherQuery.all(), Parcel.class);
        this.template.aggregate("[{$match: {label: 'box'}}]", Parcel.class, Document.class);
        this.parcels.count();
        this.parcels.existsById("p9");
        assertThat(this.recorder.steps()).as("documents as they are stored are no entity loads").isEmpty();
    }

    @Test
    void deletesCarryTheirFilter() {
        this.parcels.insert(List.of(new Parcel("p1", "c1", "box"), new Parcel("p2", "c2", "box"),
                new Parcel("p3", "c3", "crate"), new Parcel("p4", "c4", "crate"), new Parcel("p5", "c5", "bag")));
        this.recorder.clear();

        this.parcels.deleteById("p1");
        this.parcels.delete(this.parcels.findById("p2").orElseThrow());
        this.parcels.deleteAllById(List.of("p3", "p9"));
        assertThat(this.recorder.steps()).containsExactlyElementsOf(concat(concat(DELETE, LOAD),
                concat(DELETE, DELETE)));
        assertThat(filters(this.recorder.events())).containsExactly(Map.of("_id", "p1"), Map.of("_id", "p1"),
                Map.of("_id", "p2", "version", 0L), Map.of("_id", "p2", "version", 0L),
                Map.of("_id", Map.of("$in", List.of("p3", "p9"))), Map.of("_id", Map.of("$in", List.of("p3", "p9"))));
        assertThat(this.recorder.events().get(0)).isInstanceOfSatisfying(BeforeDeleteEvent.class,
                (event) -> assertThat(event.getType()).isEqualTo(Parcel.class));

        this.recorder.clear();
        assertThat(this.parcels.deleteByLabel("crate")).isEqualTo(1);
        assertThat(this.parcels.removeByLabel("bag")).extracting(Parcel::getId).containsExactly("p5");
        assertThat(this.recorder.steps()).containsExactlyElementsOf(concat(DELETE, concat(LOAD, DELETE)));
        Map<String, Object> byLabel = Map.of("label", Map.of("$eq", "crate"));
        assertThat(filters(this.recorder.events())).containsExactly(byLabel, byLabel, Map.of("_id", Map.of("$in", List.of("p5"))),
                Map.of("_id", Map.of("$in", List.of("p5"))));

        this.recorder.clear();
        this.parcels.save(new Parcel("p6", "c6", "bag"));
        this.recorder.clear();
        assertThat(this.template.findAndRemove(TetherQuery.of(Filters.eq("label", "bag")), Parcel.class))
            .isPresent();
        this.parcels.deleteAll();
        assertThat(this.recorder.steps()).containsExactlyElementsOf(concat(concat(DELETE, LOAD), DELETE));
        assertThat(filters(this.recorder.events())).containsExactly(Map.of("label", Map.of("$eq", "bag")),
                Map.of("label", Map.of("$eq", "bag")), Map.of(), Map.of());
        assertThat(this.parcels.count()).isZero();
    }

    private static List<Map<String, Object>> filters(List<TetherMappingEvent<?>> events) {
        return events.stream()
            .filter(AbstractDeleteEvent.class::isInstance)
            .map((event) -> (Map<String, Object>) ((AbstractDeleteEvent<?>) event).getSource())
            .toList();
    }

    @Test
    void aRefusedDeletePublishesNoAfterDelete() {
        Parcel parcel = this.parcels.save(new Parcel("p1", "c1", "box"));
        this.parcels.save(this.parcels.findById("p1").orElseThrow());
        this.recorder.clear();
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.parcels.delete(parcel))
            .withMessageContaining("Cannot delete Parcel with id p1 and version 0");
        assertThat(this.recorder.steps()).containsExactly("BeforeDeleteEvent");
        assertThat(this.parcels.existsById("p1")).isTrue();
    }

    @Test
    void findAndModifyIsALoadAndFindAndReplaceASave() {
        this.parcels.save(new Parcel("p1", "c1", "box"));
        this.recorder.clear();

        Optional<Parcel> modified = this.template.findAndModify(TetherQuery.of(Filters.eq("_id", "p1")),
                new Update().set("label", "crate"), FindAndModifyOptions.options().returnNew(true), Parcel.class);
        assertThat(modified).map(Parcel::getLabel).contains("crate");
        assertThat(this.recorder.steps()).containsExactlyElementsOf(LOAD);

        this.recorder.clear();
        Parcel replacement = new Parcel(null, "c1", "bag");
        replacement.setVersion(1L);
        this.template.findAndReplace(TetherQuery.of(Filters.eq("_id", "p1")), replacement,
                FindAndModifyOptions.options());
        assertThat(this.recorder.steps()).containsExactlyElementsOf(concat(SAVE, LOAD));

        this.recorder.clear();
        this.template.findAndReplace(TetherQuery.of(Filters.eq("_id", "p9")), new Parcel(null, "c9", "none"),
                FindAndModifyOptions.options());
        assertThat(this.recorder.steps()).as("nothing matched, nothing written").containsExactlyElementsOf(
                SAVE.subList(0, 4));

        this.recorder.clear();
        this.template.updateFirst(TetherQuery.of(Filters.eq("_id", "p1")), new Update().set("label", "sack"),
                Parcel.class);
        assertThat(this.recorder.steps()).as("no entity is converted by update operators").isEmpty();
    }

    @Test
    void callbacksChangeWhatIsWrittenAndWhatIsRead() {
        Stamped saved = this.stamped.save(new Stamped("s1", "label"));
        assertThat(saved.getStamp()).isEqualTo("stamped in stamped");
        assertThat(saved.isSaved()).isTrue();
        assertThat(saved.getLabel()).isEqualTo("changed after conversion");
        Document stored = this.db.collection("stamped").get("s1").orElseThrow();
        assertThat(stored).containsEntry("stamp", "stamped in stamped")
            .containsEntry("label", "label")
            .containsEntry("checksum", 5);
        Stamped read = this.stamped.findById("s1").orElseThrow();
        assertThat(read.getChecksum()).isEqualTo(5);
        assertThat(read.getLabel()).isEqualTo("label");
        assertThat(this.stamped.findAll()).singleElement()
            .satisfies((entity) -> assertThat(entity.getChecksum()).isEqualTo(5));
    }

    @Test
    void eventsCanBeSwitchedOffWhileCallbacksGoOn() {
        this.template.setEntityLifecycleEventsEnabled(false);
        try {
            this.parcels.save(new Parcel("p1", "c1", "box"));
            this.parcels.findById("p1");
            this.parcels.deleteById("p1");
            assertThat(this.recorder.steps()).containsExactly("BeforeConvertCallback", "BeforeSaveCallback",
                    "AfterSaveCallback", "AfterConvertCallback");
            assertThat(this.recorder.parcelSaves()).isEmpty();
        }
        finally {
            this.template.setEntityLifecycleEventsEnabled(true);
        }
        this.recorder.clear();
        this.parcels.save(new Parcel("p2", "c2", "box"));
        assertThat(this.recorder.steps()).containsExactlyElementsOf(SAVE);
    }

}
