package io.tetherdb.spring.mapping.event;

import java.util.ArrayList;
import java.util.List;

import io.tetherdb.document.Document;
import io.tetherdb.spring.mapping.AfterConvertCallback;
import io.tetherdb.spring.mapping.AfterSaveCallback;
import io.tetherdb.spring.mapping.BeforeConvertCallback;
import io.tetherdb.spring.mapping.BeforeSaveCallback;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Records, in order, the mapping events of {@link Parcel}s and the callbacks run for them, as
 * "BeforeSaveEvent" or "BeforeSaveCallback"; {@link #configuration()} declares it with callbacks for
 * parcels and for {@link Stamped} entities, which change them.
 */
public class LifecycleRecorder {

    private final List<String> steps = new ArrayList<>();

    private final List<TetherMappingEvent<?>> events = new ArrayList<>();

    private final List<AfterSaveEvent<Parcel>> parcelSaves = new ArrayList<>();

    @EventListener
    synchronized void on(TetherMappingEvent<?> event) {
        if (event.getCollectionName().equals("parcels")) {
            this.steps.add(event.getClass().getSimpleName());
            this.events.add(event);
        }
    }

    @EventListener
    synchronized void onParcelSaved(AfterSaveEvent<Parcel> event) {
        this.parcelSaves.add(event);
    }

    synchronized void step(String step) {
        this.steps.add(step);
    }

    /** @return the steps so far */
    public synchronized List<String> steps() {
        return List.copyOf(this.steps);
    }

    /** @return the parcel events so far */
    public synchronized List<TetherMappingEvent<?>> events() {
        return List.copyOf(this.events);
    }

    /** @return the events that the listener of {@code AfterSaveEvent<Parcel>} received */
    public synchronized List<AfterSaveEvent<Parcel>> parcelSaves() {
        return List.copyOf(this.parcelSaves);
    }

    /** Forgets what was recorded. */
    public synchronized void clear() {
        this.steps.clear();
        this.events.clear();
        this.parcelSaves.clear();
    }

    /** @return the configuration declaring the recorder and the callbacks */
    public static Class<?> configuration() {
        return Callbacks.class;
    }

    @Configuration(proxyBeanMethods = false)
    static class Callbacks {

        @Bean
        LifecycleRecorder lifecycleRecorder() {
            return new LifecycleRecorder();
        }

        @Bean
        ParcelBeforeConvert parcelBeforeConvert(LifecycleRecorder recorder) {
            return new ParcelBeforeConvert(recorder);
        }

        @Bean
        ParcelBeforeSave parcelBeforeSave(LifecycleRecorder recorder) {
            return new ParcelBeforeSave(recorder);
        }

        @Bean
        ParcelAfterSave parcelAfterSave(LifecycleRecorder recorder) {
            return new ParcelAfterSave(recorder);
        }

        @Bean
        ParcelAfterConvert parcelAfterConvert(LifecycleRecorder recorder) {
            return new ParcelAfterConvert(recorder);
        }

        @Bean
        StampingCallbacks stampingCallbacks() {
            return new StampingCallbacks();
        }

    }

    record ParcelBeforeConvert(LifecycleRecorder recorder) implements BeforeConvertCallback<Parcel> {

        @Override
        public Parcel onBeforeConvert(Parcel entity, String collection) {
            this.recorder.step("BeforeConvertCallback");
            return entity;
        }

    }

    record ParcelBeforeSave(LifecycleRecorder recorder) implements BeforeSaveCallback<Parcel> {

        @Override
        public Parcel onBeforeSave(Parcel entity, Document document, String collection) {
            this.recorder.step("BeforeSaveCallback");
            return entity;
        }

    }

    record ParcelAfterSave(LifecycleRecorder recorder) implements AfterSaveCallback<Parcel> {

        @Override
        public Parcel onAfterSave(Parcel entity, Document document, String collection) {
            this.recorder.step("AfterSaveCallback");
            return entity;
        }

    }

    record ParcelAfterConvert(LifecycleRecorder recorder) implements AfterConvertCallback<Parcel> {

        @Override
        public Parcel onAfterConvert(Parcel entity, Document document, String collection) {
            this.recorder.step("AfterConvertCallback");
            return entity;
        }

    }

    /** Changes {@link Stamped} entities and their documents at each step. */
    static class StampingCallbacks implements BeforeConvertCallback<Stamped>, BeforeSaveCallback<Stamped>,
            AfterSaveCallback<Stamped>, AfterConvertCallback<Stamped> {

        @Override
        public Stamped onBeforeConvert(Stamped entity, String collection) {
            entity.setStamp("stamped in " + collection);
            return entity;
        }

        @Override
        public Stamped onBeforeSave(Stamped entity, Document document, String collection) {
            document.put("checksum", entity.getLabel().length());
            // too late: the document is what is written
            entity.setLabel("changed after conversion");
            return entity;
        }

        @Override
        public Stamped onAfterSave(Stamped entity, Document document, String collection) {
            entity.markSaved();
            return entity;
        }

        @Override
        public Stamped onAfterConvert(Stamped entity, Document document, String collection) {
            entity.readChecksum(document.get("checksum"));
            return entity;
        }

    }

}
