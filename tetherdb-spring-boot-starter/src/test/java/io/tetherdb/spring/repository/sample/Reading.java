package io.tetherdb.spring.repository.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.spring.mapping.CompoundIndex;
import io.tetherdb.spring.mapping.DocumentCollection;
import io.tetherdb.spring.mapping.Indexed;

import org.springframework.data.annotation.Id;

/**
 * A mutable entity with nested, collection, map and date properties.
 */
@DocumentCollection("readings")
@CompoundIndex(def = "{sensor: 1, at: -1}", name = "sensor_at")
public class Reading {

    @Id
    private String id;

    @Indexed
    private String sensor;

    private double value;

    private Instant at;

    private List<String> tags = new ArrayList<>();

    private Location location;

    private boolean active;

    private String note;

    private Map<String, Object> attributes;

    public Reading() {
    }

    public Reading(String sensor, double value) {
        this.sensor = sensor;
        this.value = value;
    }

    public static Reading of(String sensor, double value) {
        return new Reading(sensor, value);
    }

    public Reading id(String id) {
        this.id = id;
        return this;
    }

    public Reading at(Instant at) {
        this.at = at;
        return this;
    }

    public Reading tags(String... tags) {
        this.tags = new ArrayList<>(List.of(tags));
        return this;
    }

    public Reading location(String city, String zone) {
        this.location = new Location(city, zone);
        return this;
    }

    public Reading active(boolean active) {
        this.active = active;
        return this;
    }

    public Reading note(String note) {
        this.note = note;
        return this;
    }

    public Reading attributes(Map<String, Object> attributes) {
        this.attributes = attributes;
        return this;
    }

    public String getId() {
        return this.id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getSensor() {
        return this.sensor;
    }

    public void setSensor(String sensor) {
        this.sensor = sensor;
    }

    public double getValue() {
        return this.value;
    }

    public void setValue(double value) {
        this.value = value;
    }

    public Instant getAt() {
        return this.at;
    }

    public void setAt(Instant at) {
        this.at = at;
    }

    public List<String> getTags() {
        return this.tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags;
    }

    public Location getLocation() {
        return this.location;
    }

    public void setLocation(Location location) {
        this.location = location;
    }

    public boolean isActive() {
        return this.active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public String getNote() {
        return this.note;
    }

    public void setNote(String note) {
        this.note = note;
    }

    public Map<String, Object> getAttributes() {
        return this.attributes;
    }

    public void setAttributes(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    @Override
    public String toString() {
        return "Reading[" + this.id + " " + this.sensor + "=" + this.value + "]";
    }

    /** A nested value object. */
    public record Location(String city, String zone) {
    }

}
