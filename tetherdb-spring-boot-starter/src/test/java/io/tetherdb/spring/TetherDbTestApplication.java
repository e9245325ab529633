package io.tetherdb.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Application used by the starter's integration tests, found by {@code @SpringBootTest} and
 * {@code @DataTetherTest} from the packages below it.
 */
@SpringBootApplication
public class TetherDbTestApplication {

}
