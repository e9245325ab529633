package io.tetherdb.spring.repository.sample;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An immutable record entity with a generated id and a version; collection name defaults to
 * "Sensor".
 */
public record Sensor(@Id String id, String name, String kind, @Version Long version) {

    public static Sensor named(String name, String kind) {
        return new Sensor(null, name, kind, null);
    }

    public Sensor withKind(String kind) {
        return new Sensor(this.id, this.name, kind, this.version);
    }

}
