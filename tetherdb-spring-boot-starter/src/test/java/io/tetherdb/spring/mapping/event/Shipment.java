package io.tetherdb.spring.mapping.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tetherdb.spring.mapping.DocumentCollection;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.AfterDomainEventPublication;
import org.springframework.data.domain.DomainEvents;

/**
 * An aggregate that registers domain events as its state changes; the repository publishes them
 * and then clears them.
 */
@DocumentCollection("shipments")
public class Shipment {

    @Id
    private String id;

    private String status;

    @Transient
    @JsonIgnore
    private final List<ShipmentEvent> events = new ArrayList<>();

    public Shipment() {
    }

    /**
     * @param id the id
     * @return a new shipment, with its creation event (not a constructor: Jackson could read
     *         documents through a one-argument constructor)
     */
    public static Shipment create(String id) {
        Shipment shipment = new Shipment();
        shipment.id = id;
        shipment.status = "created";
        shipment.events.add(new ShipmentEvent(id, "created"));
        return shipment;
    }

    public String getId() {
        return this.id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getStatus() {
        return this.status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public Shipment dispatch() {
        this.status = "dispatched";
        this.events.add(new ShipmentEvent(this.id, "dispatched"));
        return this;
    }

    public Shipment cancel() {
        this.events.add(new ShipmentEvent(this.id, "cancelled"));
        return this;
    }

    @DomainEvents
    Collection<ShipmentEvent> domainEvents() {
        return List.copyOf(this.events);
    }

    @AfterDomainEventPublication
    void clearDomainEvents() {
        this.events.clear();
    }

    /** @return the events not yet published */
    @JsonIgnore
    public List<ShipmentEvent> getPendingEvents() {
        return List.copyOf(this.events);
    }

    /** A domain event of a shipment. */
    public record ShipmentEvent(String shipment, String what) {
    }

}
