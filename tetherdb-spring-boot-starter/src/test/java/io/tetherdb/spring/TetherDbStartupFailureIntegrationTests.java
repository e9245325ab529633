package io.tetherdb.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts the application with an invalid {@code tetherdb.*} value and checks what the developer
 * reads: Boot's failure analysis naming the property, its value and the reason.
 */
@ExtendWith(OutputCaptureExtension.class)
class TetherDbStartupFailureIntegrationTests {

    @Test
    void invalidPropertyIsReportedByName(CapturedOutput output) {
        SpringApplication application = new SpringApplication(TetherDbTestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException()
            .isThrownBy(() -> application.run("--tetherdb.in-memory=true", "--tetherdb.page-size=100B"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("Invalid value '100B' for configuration property 'tetherdb.page-size'")
            .contains("pageSize must be at least 512 bytes but was 100");
    }
}
