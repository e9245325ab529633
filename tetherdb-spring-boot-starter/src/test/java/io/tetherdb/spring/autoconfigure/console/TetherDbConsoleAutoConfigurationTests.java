package io.tetherdb.spring.autoconfigure.console;

import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.console.ConsoleAccessFilter;
import io.tetherdb.spring.console.ConsoleCsrfTokenResolver;
import io.tetherdb.spring.console.TetherDbConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link TetherDbConsoleAutoConfiguration}: when the console is served, who may reach it,
 * and how it sits beside Spring Security.
 */
class TetherDbConsoleAutoConfigurationTests {

    private static final AutoConfigurations MVC = AutoConfigurations.of(TetherDbAutoConfiguration.class,
            TetherDbConsoleAutoConfiguration.class, WebMvcAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class);

    private static final AutoConfigurations SECURITY = AutoConfigurations.of(SecurityAutoConfiguration.class,
            ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class);

    private static final FilteredClassLoader WITHOUT_SECURITY = new FilteredClassLoader("org.springframework.security");

    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(MVC)
        .withClassLoader(WITHOUT_SECURITY)
        .withPropertyValues("tetherdb.in-memory=true");

    @Test
    void offByDefault() {
        this.web.run((context) -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(TetherDbConsole.class)
            .doesNotHaveBean("tetherDbConsoleRouterFunction")
            .doesNotHaveBean(ConsoleAccessFilter.class));
    }

    @Test
    void servedWhenEnabledAtTheDefaultPathLocalOnlyAndReadOnly() {
        this.web.withPropertyValues("tetherdb.console.enabled=true").run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(TetherDbConsole.class)
                .hasBean("tetherDbConsoleRouterFunction")
                .hasBean("tetherDbConsoleAccessFilter")
                .doesNotHaveBean(ConsoleCsrfTokenResolver.class)
                .doesNotHaveBean(SecurityFilterChain.class);
            TetherDbConsole console = context.getBean(TetherDbConsole.class);
            assertThat(console.getPath()).isEqualTo("/tetherdb-console");
            assertThat(console.isAllowWrites()).isFalse();
            mvc(context).perform(get("/tetherdb-console/api"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stores[0]").value("tetherDB"))
                .andExpect(jsonPath("$.allowWrites").value(false));
        });
    }

    @Test
    void servedAtTheConfiguredPath() {
        this.web.withPropertyValues("tetherdb.console.enabled=true", "tetherdb.console.path=/admin/data")
            .run((context) -> {
                mvc(context).perform(get("/admin/data/api")).andExpect(status().isOk());
                mvc(context).perform(get("/tetherdb-console/api")).andExpect(status().isNotFound());
            });
    }

    @Test
    void refusesAPathThatIsNoPlainPath() {
        this.web.withPropertyValues("tetherdb.console.enabled=true", "tetherdb.console.path=/data/**")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("tetherdb.console.path")
                .hasMessageContaining("not a console path"));
    }

    @Test
    void refusesRequestsFromOtherMachines() {
        this.web.withPropertyValues("tetherdb.console.enabled=true").run((context) -> {
            MockMvc mvc = mvc(context);
            mvc.perform(get("/tetherdb-console/api").with((request) -> {
                request.setRemoteAddr("203.0.113.7");
                return request;
            }))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.title").value("Local requests only"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "tetherdb.console.allow-remote=true")));
            mvc.perform(get("/tetherdb-console/").with((request) -> {
                request.setRemoteAddr("10.1.2.3");
                return request;
            })).andExpect(status().isForbidden());
            for (String disguised : new String[] { "/tetherdb%2Dconsole/api", "/tetherdb-console;x=1/api",
                    "/app/tetherdb-console/api", "/tetherdb-console" }) {
                mvc.perform(get(java.net.URI.create(disguised)).with((request) -> {
                    request.setRemoteAddr("203.0.113.7");
                    return request;
                })).andExpect(status().isForbidden());
            }
            mvc.perform(get("/other").with((request) -> {
                request.setRemoteAddr("203.0.113.7");
                return request;
            })).andExpect(status().isNotFound());
            mvc.perform(get("/tetherdb-console/api").with((request) -> {
                request.setRemoteAddr("::1");
                return request;
            })).andExpect(status().isOk());
            mvc.perform(get("/tetherdb-console/api").with((request) -> {
                request.setRemoteAddr("127.0.0.1");
                return request;
            })).andExpect(status().isOk());
        });
    }

    @Test
    void servesOtherMachinesWhenAllowed() {
        this.web.withPropertyValues("tetherdb.console.enabled=true", "tetherdb.console.allow-remote=true")
            .run((context) -> {
                assertThat(context).doesNotHaveBean("tetherDbConsoleAccessFilter");
                mvc(context).perform(get("/tetherdb-console/api").with((request) -> {
                    request.setRemoteAddr("203.0.113.7");
                    return request;
                })).andExpect(status().isOk());
            });
    }

    @Test
    void backsOffWhenTheApplicationIsNoWebApplication() {
        new ApplicationContextRunner().withConfiguration(MVC)
            .withPropertyValues("tetherdb.in-memory=true", "tetherdb.console.enabled=true")
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(TetherDbConsole.class)
                .doesNotHaveBean("tetherDbConsoleRouterFunction"));
    }

    @Test
    void backsOffWithoutAStore() {
        new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TetherDbConsoleAutoConfiguration.class, WebMvcAutoConfiguration.class))
            .withClassLoader(WITHOUT_SECURITY)
            .withPropertyValues("tetherdb.console.enabled=true")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TetherDbConsole.class));
    }

    @Test
    void aReactiveApplicationWithTheConsoleEnabledFailsToStartSayingWhy() {
        new ReactiveWebApplicationContextRunner().withConfiguration(MVC)
            .withPropertyValues("tetherdb.in-memory=true", "tetherdb.console.enabled=true")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("tetherdb.console.enabled")
                .hasMessageContaining("needs a servlet (Spring MVC) web application")
                .hasMessageContaining("reactive (WebFlux)"));
    }

    @Test
    void aReactiveApplicationWithoutTheConsoleStarts() {
        new ReactiveWebApplicationContextRunner().withConfiguration(MVC)
            .withPropertyValues("tetherdb.in-memory=true")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void logsWhereTheConsoleIsOnceTheApplicationIsReady(CapturedOutput output) {
        this.web.withPropertyValues("tetherdb.console.enabled=true", "tetherdb.console.path=/db")
            .run((context) -> {
                ConsoleStartupLogger logger = context.getBean(ConsoleStartupLogger.class);
                assertThat(logger.message(context))
                    .isEqualTo("TetherDB console available at /db/ (read-only; local requests only)");
                // the listener is registered: a ready event reaches it
                assertThat(context.getBeansOfType(org.springframework.context.ApplicationListener.class))
                    .containsKey("tetherDbConsoleStartupLogger");
                logger.onApplicationEvent(new ApplicationReadyEvent(new org.springframework.boot.SpringApplication(),
                        new String[0], context.getSourceApplicationContext(), java.time.Duration.ZERO));
                assertThat(output).contains("TetherDB console available at /db/ (read-only; local requests only)");
            });
    }

    // ---- with Spring Security

    private final WebApplicationContextRunner secured = new WebApplicationContextRunner().withConfiguration(MVC)
        .withConfiguration(SECURITY)
        .withPropertyValues("tetherdb.in-memory=true", "spring.security.user.name=admin",
                "spring.security.user.password=secret");

    @Test
    void withSecurityTheConsoleNeedsTheRoleAndTheRestOfTheApplicationKeepsBootsChain() {
        this.secured.withPropertyValues("tetherdb.console.enabled=true", "spring.security.user.roles=TETHERDB_CONSOLE")
            .run((context) -> {
                assertThat(context).hasNotFailed()
                    .hasBean("tetherDbConsoleSecurityFilterChain")
                    .hasSingleBean(ConsoleCsrfTokenResolver.class);
                // Boot's default chain still protects everything else
                assertThat(context.getBeansOfType(SecurityFilterChain.class)).hasSize(2);
                MockMvc mvc = securedMvc(context);
                mvc.perform(get("/tetherdb-console/api")).andExpect(status().isUnauthorized());
                mvc.perform(get("/tetherdb-console/api").with(httpBasic("admin", "wrong")))
                    .andExpect(status().isUnauthorized());
                mvc.perform(get("/tetherdb-console/api").with(httpBasic("admin", "secret")))
                    .andExpect(status().isOk());
                mvc.perform(get("/tetherdb-console/api").with(user("someone").roles("USER")))
                    .andExpect(status().isForbidden());
                mvc.perform(get("/tetherdb-console/api").with(user("someone").roles("TETHERDB_CONSOLE")))
                    .andExpect(status().isOk());
                mvc.perform(get("/elsewhere")).andExpect(status().isUnauthorized());
            });
    }

    @Test
    void withSecurityThePageCarriesSecuritysCsrfTokenAndAWriteWithoutItIsRefused() {
        this.secured.withPropertyValues("tetherdb.console.enabled=true", "tetherdb.console.allow-writes=true")
            .run((context) -> {
                MockMvc mvc = securedMvc(context);
                MvcResult result = mvc.perform(get("/tetherdb-console/").with(user("a").roles("TETHERDB_CONSOLE")))
                    .andExpect(status().isOk())
                    .andReturn();
                String page = result.getResponse().getContentAsString();
                assertThat(page).contains("<meta name=\"tetherdb-csrf-header\" content=\"X-CSRF-TOKEN\">")
                    .doesNotContain("{{csrfToken}}");
                MockHttpSession session = (MockHttpSession) result.getRequest().getSession();
                String token = consoleToken(page);
                // the console's own token alone is not enough: Security's CSRF filter wants its token too
                mvc.perform(post("/tetherdb-console/api/stores/tetherDB/cleanup").with(user("a").roles("TETHERDB_CONSOLE"))
                    .session(session)
                    .header(TetherDbConsole.TOKEN_HEADER, token)).andExpect(status().isForbidden());
                // and Security's token alone is not either
                mvc.perform(post("/tetherdb-console/api/stores/tetherDB/cleanup").with(user("a").roles("TETHERDB_CONSOLE"))
                    .with(csrf().asHeader())).andExpect(status().isForbidden());
                // both, as the page sends them
                mvc.perform(post("/tetherdb-console/api/stores/tetherDB/cleanup").with(user("a").roles("TETHERDB_CONSOLE"))
                    .session(session)
                    .header("X-CSRF-TOKEN", meta(page, "tetherdb-csrf-token"))
                    .header(TetherDbConsole.TOKEN_HEADER, token)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.count").value(0));
            });
    }

    @Test
    void withSecurityTheRoleIsConfigurable() {
        this.secured.withPropertyValues("tetherdb.console.enabled=true", "tetherdb.console.role=DBA").run((context) -> {
            MockMvc mvc = securedMvc(context);
            mvc.perform(get("/tetherdb-console/api").with(user("a").roles("TETHERDB_CONSOLE")))
                .andExpect(status().isForbidden());
            mvc.perform(get("/tetherdb-console/api").with(user("a").roles("DBA"))).andExpect(status().isOk());
        });
    }

    @Test
    void withSecurityARoleWithThePrefixIsRefused() {
        this.secured.withPropertyValues("tetherdb.console.enabled=true", "tetherdb.console.role=ROLE_ADMIN")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("tetherdb.console.role")
                .hasMessageContaining("without the ROLE_ prefix"));
    }

    @Test
    void withSecurityAChainOfTheApplicationsReplacesTheConsoles() {
        this.secured.withPropertyValues("tetherdb.console.enabled=true")
            .withUserConfiguration(OwnConsoleChain.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                securedMvc(context).perform(get("/tetherdb-console/api")).andExpect(status().isOk());
            });
    }

    @Test
    void withSecurityPresentButTheConsoleOffNothingChanges() {
        this.secured.run((context) -> assertThat(context).hasNotFailed()
            .doesNotHaveBean("tetherDbConsoleSecurityFilterChain")
            .doesNotHaveBean(ConsoleCsrfTokenResolver.class));
    }

    private static MockMvc mvc(AssertableWebApplicationContext context) {
        MockMvc plain = MockMvcBuilders.webAppContextSetup(context).build();
        if (!context.containsBean("tetherDbConsoleAccessFilter")) {
            return plain;
        }
        FilterRegistrationBean<?> registration = context.getBean("tetherDbConsoleAccessFilter",
                FilterRegistrationBean.class);
        return MockMvcBuilders.webAppContextSetup(context)
            .addFilter(registration.getFilter(), registration.getUrlPatterns().toArray(String[]::new))
            .build();
    }

    private static MockMvc securedMvc(AssertableWebApplicationContext context) {
        return MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    static String consoleToken(String page) {
        return meta(page, "tetherdb-console-token");
    }

    private static String meta(String page, String name) {
        String marker = "<meta name=\"" + name + "\" content=\"";
        int start = page.indexOf(marker) + marker.length();
        return page.substring(start, page.indexOf('"', start));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConsoleChain {

        @Bean
        SecurityFilterChain tetherDbConsoleSecurityFilterChain(HttpSecurity http) throws Exception {
            http.securityMatcher("/tetherdb-console/**").authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
            return http.build();
        }

    }

}
