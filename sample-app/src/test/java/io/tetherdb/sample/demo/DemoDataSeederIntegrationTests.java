package io.tetherdb.sample.demo;

import java.time.Instant;
import java.util.List;

import io.tetherdb.query.Filters;
import io.tetherdb.sample.AbstractApiIntegrationTests;
import io.tetherdb.sample.SampleProperties;
import io.tetherdb.sample.reading.ReadingPage;
import io.tetherdb.sample.reading.ReadingStore;
import io.tetherdb.sample.web.Paging;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo data set: its size and shape, its replacement by a new demo run, and when start-up
 * seeds it.
 */
class DemoDataSeederIntegrationTests extends AbstractApiIntegrationTests {

    @Autowired
    private DemoDataSeeder seeder;

    private DemoDataSeeder seeder(boolean demo, boolean demoWhenEmpty) {
        SampleProperties properties = new SampleProperties();
        properties.setDemo(demo);
        properties.setDemoWhenEmpty(demoWhenEmpty);
        return new DemoDataSeeder(this.readings, this.sensors, properties);
    }

    @Test
    void seedsADayOfReadingsFromSixSensors() {
        Instant now = Instant.now();

        assertThat(this.seeder.seed(now)).isEqualTo(2880);

        assertThat(this.readings.count()).isEqualTo(2880);
        assertThat(this.sensors.findAll()).extracting("id").containsExactly("cellar-temp", "greenhouse-humidity",
                "greenhouse-temp", "office-co2", "office-temp", "roof-solar");
        ReadingPage latest = this.readings.find(Filters.eq("sensorId", "office-co2"), ReadingStore.RECENT_FIRST,
                new Paging(0, 1));
        assertThat(latest.total()).isEqualTo(480);
        assertThat(latest.items().get(0).ts()).isEqualTo(now.toEpochMilli());
        assertThat(latest.items().get(0).tags()).contains(DemoDataSeeder.DEMO_TAG);
        assertThat(latest.items().get(0).unit()).isEqualTo("ppm");
        long alerts = this.readings.find(Filters.contains("_tags", "alert"), ReadingStore.RECENT_FIRST,
                new Paging(0, 1)).total();
        assertThat(alerts).isPositive().isLessThan(2880);
    }

    @Test
    void aNewDemoRunReplacesTheEarlierDemoReadingsButKeepsOthers() {
        registerOfficeSensor();
        post("/api/readings", """
                {"sensorId": "office-temp", "value": 20}""");
        this.seeder.seed(Instant.now().minusSeconds(3600));

        this.seeder.seed(Instant.now());

        assertThat(this.readings.count()).isEqualTo(2881);
    }

    @Test
    void startUpSeedsAnEmptyStoreOnlyWhenAsked() throws Exception {
        seeder(false, false).run(new DefaultApplicationArguments());
        assertThat(this.readings.count()).isZero();

        seeder(false, true).run(new DefaultApplicationArguments());
        assertThat(this.readings.count()).isEqualTo(2880);
    }

    @Test
    void startUpLeavesAStoreWithSensorsAlone() throws Exception {
        registerOfficeSensor();

        seeder(false, true).run(new DefaultApplicationArguments());

        assertThat(this.readings.count()).isZero();
        assertThat(this.sensors.findAll()).hasSize(1);
    }

    @Test
    void demoFlagSeedsEvenAStoreWithData() throws Exception {
        registerOfficeSensor();

        seeder(true, false).run(new DefaultApplicationArguments());

        assertThat(this.readings.count()).isEqualTo(2880);
        assertThat(this.sensors.findAll()).extracting("id").containsAll(List.of("office-temp", "office-co2"));
    }
}
