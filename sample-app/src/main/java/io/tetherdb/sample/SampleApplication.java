package io.tetherdb.sample;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Entry point of the sample application. Besides Spring Boot's usual arguments it understands
 * {@code --demo}, a shorthand for {@code --sample.demo=true}.
 *
 * @since 0.1
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    /** The command-line flag that seeds a fresh demo data set at start-up. */
    static final String DEMO_FLAG = "--demo";

    /**
     * Starts the application.
     *
     * @param args command-line arguments; {@code --demo} is translated to {@code --sample.demo=true}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, translateDemoFlag(args));
    }

    /**
     * @param args command-line arguments; not null
     * @return the arguments with a bare {@code --demo} replaced by {@code --sample.demo=true}
     */
    static String[] translateDemoFlag(String[] args) {
        return Arrays.stream(args).map((arg) -> DEMO_FLAG.equals(arg) ? "--sample.demo=true" : arg)
            .toArray(String[]::new);
    }
}
