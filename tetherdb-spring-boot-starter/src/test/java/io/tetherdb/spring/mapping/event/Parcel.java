package io.tetherdb.spring.mapping.event;

import io.tetherdb.spring.mapping.DocumentCollection;
import io.tetherdb.spring.mapping.Indexed;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A versioned entity with a unique code, whose events the lifecycle tests record.
 */
@DocumentCollection("parcels")
public class Parcel {

    @Id
    private String id;

    @Indexed(unique = true)
    private String code;

    private String label;

    @Version
    private Long version;

    public Parcel() {
    }

    public Parcel(String id, String code, String label) {
        this.id = id;
        this.code = code;
        this.label = label;
    }

    public String getId() {
        return this.id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getCode() {
        return this.code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public String getLabel() {
        return this.label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    public Long getVersion() {
        return this.version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }

}
