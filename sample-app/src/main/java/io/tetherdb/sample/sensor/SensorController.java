package io.tetherdb.sample.sensor;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.tetherdb.sample.web.InvalidRequestException;
import io.tetherdb.sample.web.NotFoundException;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of sensors under {@code /api/sensors}: create, list, get, create-or-replace and delete.
 * Deleting a sensor leaves its readings, which expire on their own.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@RestController
@RequestMapping("/api/sensors")
public class SensorController {

    private static final Sort BY_ID = Sort.by("id");

    private final SensorRepository sensors;

    /**
     * @param sensors where sensors are kept; not null
     */
    public SensorController(SensorRepository sensors) {
        this.sensors = sensors;
    }

    /**
     * @param sensor the new sensor
     * @return 201 with the sensor and its location; 409 if the id is taken
     */
    @PostMapping
    ResponseEntity<Sensor> create(@RequestBody Sensor sensor) {
        check(sensor.problems(null));
        this.sensors.insert(sensor);
        return ResponseEntity.created(URI.create("/api/sensors/" + sensor.id())).body(sensor);
    }

    /** @return every sensor, by id */
    @GetMapping
    List<Sensor> list() {
        return this.sensors.findAll(BY_ID);
    }

    /**
     * @param id the sensor id
     * @return the sensor; 404 if there is none
     */
    @GetMapping("/{id}")
    Sensor get(@PathVariable String id) {
        return this.sensors.findById(id).orElseThrow(() -> notFound(id));
    }

    /**
     * @param id the sensor id
     * @param sensor the sensor's new content; its id may be left out
     * @return the sensor as stored
     */
    @PutMapping("/{id}")
    Sensor put(@PathVariable String id, @RequestBody Sensor sensor) {
        List<String> problems = new ArrayList<>();
        Sensor.checkId(problems, "id", id);
        problems.addAll(sensor.problems(id));
        check(problems);
        Sensor stored = sensor.withId(id);
        this.sensors.save(stored);
        return stored;
    }

    /**
     * @param id the sensor id
     * @return 204; 404 if there was none
     */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (this.sensors.removeById(id) == 0) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("No sensor with id '" + id + "'");
    }

    private static void check(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid sensor: " + String.join("; ", problems), problems);
        }
    }
}
