package io.tetherdb.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line of {@link SampleApplication}.
 */
class SampleApplicationTests {

    @Test
    void demoFlagBecomesTheDemoProperty() {
        assertThat(SampleApplication.translateDemoFlag(new String[] { "--server.port=0", "--demo" }))
            .containsExactly("--server.port=0", "--sample.demo=true");
    }

    @Test
    void otherArgumentsAreKept() {
        assertThat(SampleApplication.translateDemoFlag(new String[] { "--demo=false", "--democracy" }))
            .containsExactly("--demo=false", "--democracy");
    }
}
