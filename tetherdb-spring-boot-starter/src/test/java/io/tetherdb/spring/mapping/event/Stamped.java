package io.tetherdb.spring.mapping.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tetherdb.spring.mapping.DocumentCollection;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;

/**
 * An entity that the test's entity callbacks change: a stamp before conversion, a checksum field
 * added to its document before the write, and transient values after the write and the read.
 */
@DocumentCollection("stamped")
public class Stamped {

    @Id
    private String id;

    private String label;

    private String stamp;

    @Transient
    @JsonIgnore
    private boolean saved;

    @Transient
    @JsonIgnore
    private Object checksum;

    public Stamped() {
    }

    public Stamped(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String getId() {
        return this.id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getLabel() {
        return this.label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    public String getStamp() {
        return this.stamp;
    }

    public void setStamp(String stamp) {
        this.stamp = stamp;
    }

    @JsonIgnore
    public boolean isSaved() {
        return this.saved;
    }

    public void markSaved() {
        this.saved = true;
    }

    @JsonIgnore
    public Object getChecksum() {
        return this.checksum;
    }

    public void readChecksum(Object checksum) {
        this.checksum = checksum;
    }

}
