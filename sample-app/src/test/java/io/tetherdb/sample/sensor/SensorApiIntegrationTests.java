package io.tetherdb.sample.sensor;

import io.tetherdb.sample.AbstractApiIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sensors API: create, list, get, create-or-replace, delete, and their errors.
 */
class SensorApiIntegrationTests extends AbstractApiIntegrationTests {

    @Test
    void createStoresTheSensor() {
        assertThat(post("/api/sensors", """
                {"id": "office-temp", "type": "temperature", "unit": "°C", "location": "office"}"""))
            .hasStatus(HttpStatus.CREATED)
            .hasHeader("Location", "/api/sensors/office-temp");

        assertThat(get("/api/sensors/office-temp")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
                {"id": "office-temp", "type": "temperature", "unit": "°C", "location": "office"}""");
    }

    @Test
    void createRefusesATakenId() {
        registerOfficeSensor();

        assertProblem(post("/api/sensors", """
                {"id": "office-temp", "type": "humidity", "unit": "%"}"""), HttpStatus.CONFLICT,
                "'office-temp' is already taken");
        assertThat(this.sensors.findById("office-temp")).hasValueSatisfying((s) -> assertThat(s.type()).isEqualTo("temperature"));
    }

    @Test
    void createRefusesAnInvalidSensor() {
        assertProblem(post("/api/sensors", """
                {"id": "a/b", "type": "", "location": 5}"""), HttpStatus.BAD_REQUEST, "Invalid sensor",
                "id: 'a/b' must be 1 to 64 letters", "type: is required", "unit: is required");
        assertProblem(post("/api/sensors", """
                {"id": "a", "type": "t", "unit": "u", "colour": "red"}"""), HttpStatus.BAD_REQUEST,
                "Unknown field 'colour'");
        assertThat(this.sensors.count()).isZero();
    }

    @Test
    void listReturnsEverySensorById() {
        post("/api/sensors", """
                {"id": "b", "type": "co2", "unit": "ppm"}""");
        post("/api/sensors", """
                {"id": "a", "type": "temperature", "unit": "°C"}""");

        assertThat(get("/api/sensors")).hasStatusOk().bodyJson().extractingPath("$[*].id").asArray()
            .containsExactly("a", "b");
    }

    @Test
    void putCreatesOrReplaces() {
        assertThat(put("/api/sensors/cellar", """
                {"type": "temperature", "unit": "°C"}""")).hasStatusOk();
        assertThat(put("/api/sensors/cellar", """
                {"id": "cellar", "type": "temperature", "unit": "°F", "location": "cellar"}""")).hasStatusOk();

        assertThat(get("/api/sensors/cellar")).bodyJson().isLenientlyEqualTo("""
                {"unit": "°F", "location": "cellar"}""");
        assertProblem(put("/api/sensors/cellar", """
                {"id": "attic", "type": "t", "unit": "u"}"""), HttpStatus.BAD_REQUEST,
                "id: 'attic' differs from the id 'cellar' in the path");
    }

    @Test
    void deleteRemovesTheSensorOnly() {
        registerOfficeSensor();
        post("/api/readings", """
                {"sensorId": "office-temp", "value": 20}""");

        assertThat(this.mvc.delete().uri("/api/sensors/office-temp")).hasStatus(HttpStatus.NO_CONTENT);

        assertProblem(get("/api/sensors/office-temp"), HttpStatus.NOT_FOUND, "No sensor with id 'office-temp'");
        assertProblem(this.mvc.delete().uri("/api/sensors/office-temp").exchange(), HttpStatus.NOT_FOUND, "office-temp");
        assertThat(this.readings.count()).isEqualTo(1);
    }
}
