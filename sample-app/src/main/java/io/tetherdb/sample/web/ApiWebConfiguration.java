package io.tetherdb.sample.web;

import io.tetherdb.sample.SampleProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the API's request body limit, {@code sample.max-request-size}.
 *
 * @since 0.1
 */
@Configuration(proxyBeanMethods = false)
public class ApiWebConfiguration {

    /**
     * @param properties the application's settings
     * @return the filter, which Spring Boot registers with the servlet container
     */
    @Bean
    RequestBodyLimitFilter requestBodyLimitFilter(SampleProperties properties) {
        return new RequestBodyLimitFilter(properties.getMaxRequestSize().toBytes());
    }
}
