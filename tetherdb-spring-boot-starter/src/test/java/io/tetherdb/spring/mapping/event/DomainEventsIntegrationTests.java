package io.tetherdb.spring.mapping.event;

import java.util.ArrayList;
import java.util.List;

import io.tetherdb.TetherDB;
import io.tetherdb.query.Filter;
import io.tetherdb.spring.mapping.event.Shipment.ShipmentEvent;
import io.tetherdb.spring.repository.support.TetherRepositoryFactoryBean;
import io.tetherdb.spring.test.autoconfigure.DataTetherTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DomainEvents} of aggregates are published by the repositories' {@code save},
 * {@code saveAll}, {@code delete} and {@code deleteAll(Iterable)}, then cleared through
 * {@code @AfterDomainEventPublication}: Spring Data's repository infrastructure does it, given the
 * event publisher that the container hands {@link TetherRepositoryFactoryBean}.
 */
@DataTetherTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@Import(DomainEventsIntegrationTests.Heard.class)
class DomainEventsIntegrationTests {

    @Autowired
    private ShipmentRepository shipments;

    @Autowired
    private DeliveryRepository deliveries;

    @Autowired
    private TetherDB db;

    @Autowired
    private Heard heard;

    @BeforeEach
    void startEmpty() {
        this.db.collection("shipments").deleteMany(Filter.all());
        this.db.collection("deliveries").deleteMany(Filter.all());
        this.heard.clear();
    }

    @Test
    void saveAndSaveAllPublishTheAggregatesEventsAndClearThem() {
        Shipment first = Shipment.create("s1");
        Shipment saved = this.shipments.save(first);
        assertThat(this.heard.events()).containsExactly(new ShipmentEvent("s1", "created"));
        assertThat(first.getPendingEvents()).isEmpty();

        this.shipments.save(saved.dispatch());
        this.shipments.saveAll(List.of(Shipment.create("s2"), Shipment.create("s3").dispatch()));
        assertThat(this.heard.events()).containsExactly(new ShipmentEvent("s1", "created"),
                new ShipmentEvent("s1", "dispatched"), new ShipmentEvent("s2", "created"),
                new ShipmentEvent("s3", "created"), new ShipmentEvent("s3", "dispatched"));
        assertThat(this.shipments.findById("s1")).map(Shipment::getStatus).contains("dispatched");
    }

    @Test
    void deleteAndDeleteAllOfAggregatesPublishTheirEvents() {
        this.shipments.saveAll(List.of(Shipment.create("s1"), Shipment.create("s2"), Shipment.create("s3")));
        this.heard.clear();

        this.shipments.delete(this.shipments.findById("s1").orElseThrow().cancel());
        this.shipments.deleteAll(List.of(this.shipments.findById("s2").orElseThrow().cancel(),
                this.shipments.findById("s3").orElseThrow().cancel()));
        assertThat(this.heard.events()).containsExactly(new ShipmentEvent("s1", "cancelled"),
                new ShipmentEvent("s2", "cancelled"), new ShipmentEvent("s3", "cancelled"));
        assertThat(this.shipments.count()).isZero();
    }

    @Test
    void writesWithoutAggregatesPublishNoDomainEvents() {
        Shipment shipment = Shipment.create("s1");
        this.shipments.insert(shipment);
        this.shipments.save(Shipment.create("s2"));
        this.heard.clear();
        this.shipments.deleteById("s2");
        this.shipments.deleteAll();
        assertThat(this.heard.events()).as("insert is no save, and ids or nothing are no aggregates").isEmpty();
        assertThat(shipment.getPendingEvents()).hasSize(1);
    }

    @Test
    void anAbstractAggregateRootsEventsArePublishedAndNotStored() {
        this.deliveries.save(new Delivery().deliver("d1"));
        assertThat(this.heard.deliveries()).containsExactly(new Delivery.Delivered("d1"));
        assertThat(this.db.collection("deliveries").get("d1").orElseThrow()).containsOnlyKeys("_id", "delivered");
        assertThat(this.deliveries.findById("d1")).map(Delivery::isDelivered).contains(true);
    }

    /** Records the domain events heard. */
    static class Heard {

        private final List<ShipmentEvent> events = new ArrayList<>();

        private final List<Delivery.Delivered> deliveries = new ArrayList<>();

        @EventListener
        synchronized void on(Delivery.Delivered event) {
            this.deliveries.add(event);
        }

        synchronized List<Delivery.Delivered> deliveries() {
            return List.copyOf(this.deliveries);
        }

        @EventListener
        synchronized void on(ShipmentEvent event) {
            this.events.add(event);
        }

        synchronized List<ShipmentEvent> events() {
            return List.copyOf(this.events);
        }

        synchronized void clear() {
            this.events.clear();
            this.deliveries.clear();
        }

    }

}
