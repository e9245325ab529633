package io.tetherdb.spring.autoconfigure.console;

import java.util.Map;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.autoconfigure.backup.TetherDbBackupAutoConfiguration;
import io.tetherdb.spring.backup.TetherDbBackups;
import io.tetherdb.spring.console.ConsoleAccessFilter;
import io.tetherdb.spring.console.ConsoleCsrfTokenResolver;
import io.tetherdb.spring.console.TetherDbConsole;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Auto-configuration of the data console ({@link TetherDbConsole}) when
 * {@code tetherdb.console.enabled=true}: in a servlet (Spring MVC) web application its routes at
 * {@code tetherdb.console.path}, a filter that refuses requests from other machines unless
 * {@code tetherdb.console.allow-remote=true}, and, with Spring Security present, a security filter
 * chain of its own for the console's path that requires the role {@code tetherdb.console.role}
 * (HTTP Basic, CSRF protection on), ordered ahead of the application's chains; an application
 * replaces it with a {@code SecurityFilterChain} bean named {@code tetherDbConsoleSecurityFilterChain}.
 * It comes after Boot's own web security, so that Boot's default chain for the rest of the
 * application is not switched off by the console's. A reactive (WebFlux) application with the
 * console enabled fails to start, saying why; an application that is no web application gets no
 * console.
 *
 * <p>Used once, at start-up, by the container.
 *
 * @since 0.2
 */
@AutoConfiguration(after = { TetherDbAutoConfiguration.class, TetherDbBackupAutoConfiguration.class },
        afterName = { "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnClass(TetherDB.class)
@ConditionalOnBooleanProperty("tetherdb.console.enabled")
@EnableConfigurationProperties(TetherDbConsoleProperties.class)
public final class TetherDbConsoleAutoConfiguration {

    /** Order of the console's security filter chain: ahead of the application's, which may match any request. */
    public static final int SECURITY_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    TetherDbConsoleAutoConfiguration() {
    }

    // each nested configuration repeats the switch and the properties: a component scan of this
    // package (an application under io.tetherdb.spring) finds the nested classes on their own
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("tetherdb.console.enabled")
    @EnableConfigurationProperties(TetherDbConsoleProperties.class)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(RouterFunction.class)
    @ConditionalOnBean(TetherDB.class)
    static class ServletConsoleConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TetherDbConsole tetherDbConsole(Map<String, TetherDB> stores, ObjectProvider<TetherDbBackups> backups,
                TetherDbConsoleProperties properties, ObjectProvider<ConsoleCsrfTokenResolver> csrf) {
            return new TetherDbConsole(stores, backups.getIfAvailable(), path(properties), properties.isAllowWrites(),
                    csrf.getIfAvailable());
        }

        @Bean
        RouterFunction<ServerResponse> tetherDbConsoleRouterFunction(TetherDbConsole console) {
            return console.routerFunction();
        }

        @Bean
        @ConditionalOnBooleanProperty(name = "tetherdb.console.allow-remote", havingValue = false, matchIfMissing = true)
        FilterRegistrationBean<ConsoleAccessFilter> tetherDbConsoleAccessFilter(TetherDbConsole console) {
            FilterRegistrationBean<ConsoleAccessFilter> registration = new FilterRegistrationBean<>(
                    new ConsoleAccessFilter(console.getPath()));
            // every request: the filter picks the console's paths as Spring MVC matches them, which
            // a servlet URL pattern cannot (encoded characters, ;parameters, a servlet path)
            registration.addUrlPatterns("/*");
            registration.setDispatcherTypes(DispatcherType.REQUEST);
            // ahead of Spring Security's filter (order -100): a remote client is refused before it is
            // asked for credentials that it would send over the network
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
            return registration;
        }

        @Bean
        ConsoleStartupLogger tetherDbConsoleStartupLogger(TetherDbConsole console, TetherDbConsoleProperties properties,
                ObjectProvider<ConsoleCsrfTokenResolver> csrf) {
            return new ConsoleStartupLogger(console, properties, csrf.getIfAvailable() != null);
        }

        private static String path(TetherDbConsoleProperties properties) {
            try {
                return TetherDbConsole.checkPath(properties.getPath());
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidConfigurationPropertyValueException("tetherdb.console.path", properties.getPath(),
                        ex.getMessage());
            }
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("tetherdb.console.enabled")
    @EnableConfigurationProperties(TetherDbConsoleProperties.class)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = { "org.springframework.security.config.annotation.web.builders.HttpSecurity",
            "org.springframework.security.web.SecurityFilterChain" })
    @ConditionalOnBean(TetherDB.class)
    static class SecurityConsoleConfiguration {

        @Bean
        ConsoleCsrfTokenResolver tetherDbConsoleCsrfTokenResolver() {
            return new SecurityCsrfTokenResolver();
        }

        @Bean
        @Order(SECURITY_ORDER)
        @ConditionalOnMissingBean(name = "tetherDbConsoleSecurityFilterChain")
        SecurityFilterChain tetherDbConsoleSecurityFilterChain(HttpSecurity http, TetherDbConsoleProperties properties)
                throws Exception {
            String path = ServletConsoleConfiguration.path(properties);
            String role = properties.getRole();
            if (role == null || role.isBlank() || role.startsWith("ROLE_")) {
                throw new InvalidConfigurationPropertyValueException("tetherdb.console.role", role,
                        "A role name without the ROLE_ prefix is needed, such as TETHERDB_CONSOLE");
            }
            http.securityMatcher(path, path + "/**")
                .authorizeHttpRequests((requests) -> requests.anyRequest().hasRole(role))
                .httpBasic(Customizer.withDefaults())
                .csrf(Customizer.withDefaults());
            return http.build();
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("tetherdb.console.enabled")
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class ReactiveConsoleConfiguration {

        @Bean
        Object tetherDbConsoleNotSupported() {
            throw new InvalidConfigurationPropertyValueException("tetherdb.console.enabled", "true",
                    "The TetherDB console needs a servlet (Spring MVC) web application and this one is reactive "
                            + "(WebFlux): remove tetherdb.console.enabled, or serve the console from a Spring MVC "
                            + "application");
        }

    }

}
