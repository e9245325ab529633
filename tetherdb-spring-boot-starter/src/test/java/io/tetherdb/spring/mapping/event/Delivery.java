package io.tetherdb.spring.mapping.event;

import io.tetherdb.spring.mapping.DocumentCollection;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * An aggregate that registers its domain events through Spring Data's {@link AbstractAggregateRoot}.
 */
@DocumentCollection("deliveries")
public class Delivery extends AbstractAggregateRoot<Delivery> {

    @Id
    private String id;

    private boolean delivered;

    public String getId() {
        return this.id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public boolean isDelivered() {
        return this.delivered;
    }

    public void setDelivered(boolean delivered) {
        this.delivered = delivered;
    }

    public Delivery deliver(String id) {
        this.id = id;
        this.delivered = true;
        registerEvent(new Delivered(id));
        return this;
    }

    /** The domain event of a delivery. */
    public record Delivered(String delivery) {
    }

}
