package io.tetherdb.spring.mapping.event;

import java.util.ArrayList;
import java.util.List;

import io.tetherdb.document.Document;
import io.tetherdb.spring.mapping.AfterConvertCallback;
import io.tetherdb.spring.mapping.BeforeConvertCallback;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.mapping.callback.EntityCallbacks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EntityLifecycle} on its own, as another {@code TetherOperations} implementation would use
 * it: each step publishes its event, then runs its callbacks; without a publisher or with events
 * off, callbacks still run; a read returns what the callbacks return.
 */
class EntityLifecycleTests {

    private final List<String> steps = new ArrayList<>();

    private EntityCallbacks callbacks() {
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(Renaming.class, () -> new Renaming(this.steps));
        context.registerBean(Reading.class, () -> new Reading(this.steps));
        context.refresh();
        return EntityCallbacks.create(context);
    }

    @Test
    void eachStepPublishesItsEventThenRunsItsCallbacks() {
        EntityLifecycle lifecycle = new EntityLifecycle(
                (event) -> this.steps.add(event.getClass().getSimpleName()), callbacks());
        Parcel parcel = new Parcel("p1", "c1", "box");
        assertThat(lifecycle.beforeConvert(parcel, "parcels").getLabel()).isEqualTo("renamed");
        Document document = new Document("_id", "p1");
        lifecycle.beforeSave(parcel, document, "parcels");
        lifecycle.afterSave(parcel, document, "parcels");
        Parcel read = lifecycle.read(document, Parcel.class, "parcels", (d) -> new Parcel(d.getId(), "c1", "read"));
        lifecycle.beforeDelete(document, Parcel.class, "parcels");
        lifecycle.afterDelete(document, Parcel.class, "parcels");
        assertThat(read.getCode()).isEqualTo("converted");
        assertThat(this.steps).containsExactly("BeforeConvertEvent", "renaming", "BeforeSaveEvent", "AfterSaveEvent",
                "AfterLoadEvent", "AfterConvertEvent", "reading", "BeforeDeleteEvent", "AfterDeleteEvent");
    }

    @Test
    void callbacksRunWithoutPublisherOrWithEventsOff() {
        EntityLifecycle lifecycle = new EntityLifecycle(null, callbacks());
        lifecycle.beforeConvert(new Parcel("p1", "c1", "box"), "parcels");
        lifecycle.setEventPublisher((event) -> this.steps.add("event"));
        lifecycle.setEventsEnabled(false);
        lifecycle.read(new Document("_id", "p1"), Parcel.class, "parcels", (d) -> new Parcel(d.getId(), "c1", "x"));
        assertThat(this.steps).containsExactly("renaming", "reading");
        assertThat(lifecycle.isEventsEnabled()).isFalse();
    }

    @Test
    void withoutCallbacksTheEntityPassesThrough() {
        EntityLifecycle lifecycle = new EntityLifecycle();
        Parcel parcel = new Parcel("p1", "c1", "box");
        assertThat(lifecycle.beforeConvert(parcel, "parcels")).isSameAs(parcel);
        assertThat(lifecycle.read(new Document("_id", "p1"), Parcel.class, "parcels", (d) -> parcel)).isSameAs(parcel);
    }

    record Renaming(List<String> steps) implements BeforeConvertCallback<Parcel> {

        @Override
        public Parcel onBeforeConvert(Parcel entity, String collection) {
            this.steps.add("renaming");
            entity.setLabel("renamed");
            return entity;
        }

    }

    record Reading(List<String> steps) implements AfterConvertCallback<Parcel> {

        @Override
        public Parcel onAfterConvert(Parcel entity, Document document, String collection) {
            this.steps.add("reading");
            return new Parcel(entity.getId(), "converted", entity.getLabel());
        }

    }

}
