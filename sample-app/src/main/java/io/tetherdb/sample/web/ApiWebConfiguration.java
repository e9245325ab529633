package io.tetherdb.sample.web;

import io.tetherdb.sample.SampleProperties;
import jakarta.servlet.DispatcherType;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers what guards every request: the security headers ({@link SecurityHeadersFilter}) and
 * the request body limit, {@code sample.max-request-size} ({@link RequestBodyLimitFilter}), both
 * ahead of every other filter; the same limit on the bodies that Tomcat reads itself (form
 * parameters); and problem details for the requests Tomcat refuses itself.
 *
 * @since 0.1
 */
@Configuration(proxyBeanMethods = false)
public class ApiWebConfiguration {

    /**
     * @return the security headers filter, first of all filters and also on error dispatches, so
     *         that every response carries the headers
     */
    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
                new SecurityHeadersFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    /**
     * @param properties the application's settings
     * @return the body limit filter, ahead of every filter that may read a body (Spring's
     *         {@code FormContentFilter} reads form bodies of PUT, PATCH and DELETE requests)
     */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(SampleProperties properties) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.getMaxRequestSize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * Tomcat parses the form body of a POST ({@code application/x-www-form-urlencoded}) itself when
     * anything asks for a request parameter, without passing through the filters' request
     * wrapper, so its own limit ({@code server.tomcat.max-http-form-post-size}, 2 MB by default)
     * is set to the same size. Multipart requests are not parsed at all
     * ({@code spring.servlet.multipart.enabled=false}): no endpoint takes one. And Tomcat's HTML
     * error page, for requests it refuses before the application sees them, is replaced by a
     * problem detail ({@link ProblemErrorReportValve}).
     *
     * @param properties the application's settings
     * @return the customizer, which runs after Spring Boot's own and so has the last word
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatLimitsAndErrors(SampleProperties properties) {
        int maxBytes = (int) Math.min(Integer.MAX_VALUE, properties.getMaxRequestSize().toBytes());
        return (factory) -> {
            factory.addConnectorCustomizers((connector) -> connector.setMaxPostSize(maxBytes));
            factory.addContextCustomizers((context) -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    // the host adds a valve of this class when it starts, unless there is one
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemErrorReportValve());
                }
            });
        };
    }
}
