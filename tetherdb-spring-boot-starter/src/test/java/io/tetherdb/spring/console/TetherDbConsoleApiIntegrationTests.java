package io.tetherdb.spring.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tetherdb.PutOptions;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.spring.autoconfigure.TetherDbAutoConfiguration;
import io.tetherdb.spring.autoconfigure.backup.TetherDbBackupAutoConfiguration;
import io.tetherdb.spring.autoconfigure.console.TetherDbConsoleAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The console's page and JSON API through MockMvc, on a real in-memory store: what it reads, how it
 * reports a refused filter, and which writes it makes or refuses.
 */
class TetherDbConsoleApiIntegrationTests {

    private static final String API = "/tetherdb-console/api";

    private static final String PEOPLE = API + "/stores/tetherDB/collections/people";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TetherDbAutoConfiguration.class,
                TetherDbBackupAutoConfiguration.class, TetherDbConsoleAutoConfiguration.class,
                WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .withPropertyValues("tetherdb.in-memory=true", "tetherdb.console.enabled=true");

    @TempDir
    Path directory;

    @FunctionalInterface
    interface ConsoleTest {

        void run(MockMvc mvc, TetherDB db, String token) throws Exception;

    }

    private void console(ConsoleTest test, String... properties) {
        this.runner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasNotFailed();
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            TetherDB db = context.getBean(TetherDB.class);
            String page = mvc.perform(get("/tetherdb-console/")).andReturn().getResponse().getContentAsString();
            String marker = "<meta name=\"tetherdb-console-token\" content=\"";
            int start = page.indexOf(marker) + marker.length();
            test.run(mvc, db, page.substring(start, page.indexOf('"', start)));
        });
    }

    private static void people(TetherDB db, int count) {
        TetherCollection people = db.collection("people");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(Map.of("_id", String.format("p%03d", i), "name", "person " + i, "age", 20 + (i % 50),
                    "city", (i % 2 == 0) ? "Oslo" : "Bergen"));
        }
        people.putBatch(batch);
    }

    private static MockHttpServletRequestBuilder withToken(MockHttpServletRequestBuilder request, String token) {
        return request.header(TetherDbConsole.TOKEN_HEADER, token).contentType(MediaType.APPLICATION_JSON);
    }

    // ---- the page

    @Test
    void thePageIsServedWithItsTokenAndPolicyAndItsFilesFromTheJar() {
        console((mvc, db, token) -> {
            mvc.perform(get("/tetherdb-console"))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "/tetherdb-console/"));
            mvc.perform(get("/tetherdb-console/"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                .andExpect(content().string(containsString("<script src=\"console.js\" defer></script>")))
                .andExpect(content().string(containsString("<meta name=\"tetherdb-csrf-header\" content=\"\">")));
            assertThat(token).hasSizeGreaterThanOrEqualTo(40).doesNotContain("{{");
            mvc.perform(get("/tetherdb-console/console.js"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("textContent")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("innerHTML"))));
            mvc.perform(get("/tetherdb-console/console.css")).andExpect(status().isOk());
            mvc.perform(get("/tetherdb-console/missing.js")).andExpect(status().isNotFound());
        });
    }

    // ---- reads

    @Test
    void servesEveryStoreOfTheApplicationByBeanName() {
        this.runner.withUserConfiguration(TwoStores.class).run((context) -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            context.getBean("audit", TetherDB.class).collection("entries").put(Map.of("what", "login"));
            mvc.perform(get(API)).andExpect(jsonPath("$.stores", hasSize(2)))
                .andExpect(jsonPath("$.stores[0]").value("orders"))
                .andExpect(jsonPath("$.stores[1]").value("audit"));
            mvc.perform(get(API + "/stores/audit/collections/entries/documents"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1));
            mvc.perform(get(API + "/stores/orders/collections/entries/documents"))
                .andExpect(jsonPath("$.total").value(0));
        });
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class TwoStores {

        @org.springframework.context.annotation.Bean(destroyMethod = "close")
        TetherDB orders() {
            return TetherDB.inMemory();
        }

        @org.springframework.context.annotation.Bean(destroyMethod = "close")
        TetherDB audit() {
            return TetherDB.inMemory();
        }

    }

    @Test
    void describesTheStoreAndItsCollections() {
        console((mvc, db, token) -> {
            people(db, 30);
            db.collection("people").createIndex("{age: 1}");
            db.collection("sessions").put(Map.of("user", "a"), PutOptions.id("s1").ttl(Duration.ofHours(1)));
            mvc.perform(get(API + "/stores/tetherDB"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("tetherDB"))
                .andExpect(jsonPath("$.inMemory").value(true))
                .andExpect(jsonPath("$.documents").value(31))
                .andExpect(jsonPath("$.expiring").value(1))
                .andExpect(jsonPath("$.health.status").value("UP"))
                .andExpect(jsonPath("$.backgroundFailures").value(0));
            mvc.perform(get(API + "/stores/tetherDB/collections"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.name == 'people')].documents").value(30))
                .andExpect(jsonPath("$[?(@.name == 'people')].indexes[0].name").value("age_1"))
                .andExpect(jsonPath("$[?(@.name == 'people')].indexes[0].entries").value(30))
                .andExpect(jsonPath("$[?(@.name == 'sessions')].expiring").value(1));
            mvc.perform(get(API + "/stores/nope")).andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.detail").value(containsString("No TetherDB store named 'nope'")));
        });
    }

    @Test
    void pagesThroughFilteredSortedProjectedDocuments() {
        console((mvc, db, token) -> {
            people(db, 30);
            mvc.perform(get(PEOPLE + "/documents").param("filter", "{city: 'Oslo'}")
                .param("sort", "{_id: -1}")
                .param("projection", "{name: 1}")
                .param("skip", "10")
                .param("limit", "4"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(15))
                .andExpect(jsonPath("$.skip").value(10))
                .andExpect(jsonPath("$.documents", hasSize(4)))
                .andExpect(jsonPath("$.documents[0].id").value("p008"))
                .andExpect(jsonPath("$.documents[3].id").value("p002"))
                .andExpect(jsonPath("$.documents[0].tree.fields", hasSize(2)))
                .andExpect(jsonPath("$.documents[0].tree.fields[1].name").value("name"))
                .andExpect(jsonPath("$.documents[0].tree.fields[1].type").value("string"))
                .andExpect(jsonPath("$.documents[0].json").value(containsString("\"name\" : \"person 8\"")));
            // a long beyond JavaScript's exact integers arrives as text, with its type
            db.collection("people").put(Map.of("_id", "big", "n", 9007199254740993L));
            mvc.perform(get(PEOPLE + "/document").param("id", "big"))
                .andExpect(jsonPath("$.tree.fields[1].type").value("long"))
                .andExpect(jsonPath("$.tree.fields[1].value").value("9007199254740993"));
            mvc.perform(get(PEOPLE + "/document").param("id", "missing")).andExpect(status().isNotFound());
            mvc.perform(get(PEOPLE + "/documents").param("limit", "5000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("'limit' must be a whole number from 1 to 1000")));
        });
    }

    @Test
    void aFilterWithASyntaxErrorIsRefusedWithItsPosition() {
        console((mvc, db, token) -> {
            people(db, 3);
            mvc.perform(get(PEOPLE + "/documents").param("filter", "{age: {$gt: 30}, name: }"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.title").value("Invalid filter"))
                .andExpect(jsonPath("$.field").value("filter"))
                .andExpect(jsonPath("$.line").value(1))
                .andExpect(jsonPath("$.column").value(24))
                .andExpect(jsonPath("$.offset").value(23));
            mvc.perform(get(PEOPLE + "/documents").param("filter", "{age: 1,\n city: {$foo: 1}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("$foo")))
                .andExpect(jsonPath("$.offset").value(17))
                .andExpect(jsonPath("$.length").value(4));
            mvc.perform(get(PEOPLE + "/documents").param("sort", "{age: 2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("sort"));
        });
    }

    @Test
    void filtersMayUseRegexLiteralsAndExtendedJsonDates() {
        console((mvc, db, token) -> {
            people(db, 12);
            mvc.perform(get(PEOPLE + "/documents").param("filter", "{name: /^person 1/}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(3));
            db.collection("events").put(Map.of("at", java.time.Instant.parse("2024-05-01T10:00:00Z")));
            mvc.perform(get(API + "/stores/tetherDB/collections/events/documents").param("filter",
                    "{at: {$gte: {$date: '2024-01-01T00:00:00Z'}}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.documents[0].tree.fields[1].type").value("date"));
        });
    }

    @Test
    void explainsTheQueryAsAReadablePlan() {
        console((mvc, db, token) -> {
            people(db, 30);
            db.collection("people").createIndex("{age: 1}");
            mvc.perform(get(PEOPLE + "/explain").param("filter", "{age: 25}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stage").value("IXSCAN"))
                .andExpect(jsonPath("$.index").value("age_1"))
                .andExpect(jsonPath("$.returned").value(1))
                .andExpect(jsonPath("$.steps[0]").value(containsString("Read the index age_1 over age: [25, 25]")))
                .andExpect(jsonPath("$.steps[1]").value("Examined 1 index key(s) and 1 document(s) to return 1."));
            mvc.perform(get(PEOPLE + "/explain").param("filter", "{age: {$gt: 45}}").param("sort", "{age: -1}"))
                .andExpect(jsonPath("$.stage").value("IXSCAN"))
                .andExpect(jsonPath("$.inMemorySort").value(false))
                .andExpect(jsonPath("$.steps[1]").value("Took the sort order from the index: no sorting needed."));
            mvc.perform(get(PEOPLE + "/explain").param("filter", "{age: {$gt: 45}}").param("sort", "{name: 1}"))
                .andExpect(jsonPath("$.inMemorySort").value(true))
                .andExpect(jsonPath("$.steps[1]").value("Sorted the matches in memory."));
            mvc.perform(get(PEOPLE + "/explain").param("filter", "{city: 'Oslo'}"))
                .andExpect(jsonPath("$.stage").value("COLLSCAN"))
                .andExpect(jsonPath("$.documentsExamined").value(30))
                .andExpect(jsonPath("$.steps[0]").value(containsString("no index applies")));
        });
    }

    @Test
    void runsAndExplainsAggregationPipelines() {
        console((mvc, db, token) -> {
            people(db, 10);
            mvc.perform(withToken(post(PEOPLE + "/aggregate"), token).content(
                    "{\"pipeline\": \"[{$group: {_id: '$city', n: {$sum: 1}}}, {$sort: {_id: 1}}]\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.documents", hasSize(2)))
                .andExpect(jsonPath("$.documents[0].id").value("Bergen"))
                .andExpect(jsonPath("$.documents[0].tree.fields[1].value").value("5"))
                .andExpect(jsonPath("$.truncated").value(false));
            mvc.perform(withToken(post(PEOPLE + "/aggregate"), token)
                .content("{\"pipeline\": \"[{$match: {city: 'Oslo'}}]\", \"explain\": true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.explain.type").value("object"));
            mvc.perform(withToken(post(PEOPLE + "/aggregate"), token).content("{\"pipeline\": \"[{$bogus: 1}]\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("pipeline"))
                .andExpect(jsonPath("$.detail").value(containsString("$bogus")));
        });
    }

    // ---- refusals

    @Test
    void readOnlyRefusesEveryWriteAndLeavesTheStoreUnchanged() {
        console((mvc, db, token) -> {
            people(db, 3);
            db.collection("people").createIndex("{age: 1}");
            expectWritesOff(mvc.perform(withToken(post(PEOPLE + "/documents"), token).content("{name: 'x'}")));
            expectWritesOff(mvc.perform(withToken(put(PEOPLE + "/document"), token).param("id", "p001")
                .content("{name: 'x'}")));
            expectWritesOff(mvc.perform(withToken(delete(PEOPLE + "/document"), token).param("id", "p001")));
            expectWritesOff(mvc.perform(withToken(post(PEOPLE + "/indexes"), token).content("{\"keys\": \"{name: 1}\"}")));
            expectWritesOff(mvc.perform(withToken(delete(PEOPLE + "/indexes/age_1"), token)));
            expectWritesOff(mvc.perform(withToken(post(API + "/stores/tetherDB/cleanup"), token)));
            expectWritesOff(mvc.perform(withToken(post(API + "/stores/tetherDB/backup"), token)));
            expectWritesOff(mvc.perform(withToken(post(PEOPLE + "/aggregate"), token)
                .content("{\"pipeline\": \"[{$match: {}}, {$out: 'copy'}]\"}")));
            assertThat(db.collection("people").count()).isEqualTo(3);
            assertThat(db.collection("people").get("p001").orElseThrow()).containsEntry("name", "person 1");
            assertThat(db.collection("people").listIndexes()).hasSize(1);
            assertThat(db.collectionNames()).doesNotContain("copy");
        });
    }

    private static void expectWritesOff(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        result.andExpect(status().isForbidden())
            .andExpect(content().contentType("application/problem+json"))
            .andExpect(jsonPath("$.title").value("Writes are off"))
            .andExpect(jsonPath("$.detail").value(containsString("tetherdb.console.allow-writes=true")));
    }

    @Test
    void aRequestThatIsNoGetNeedsThePagesToken() {
        console((mvc, db, token) -> {
            people(db, 3);
            mvc.perform(post(PEOPLE + "/documents").contentType(MediaType.APPLICATION_JSON).content("{name: 'x'}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Missing console token"));
            mvc.perform(post(PEOPLE + "/documents").header(TetherDbConsole.TOKEN_HEADER, token + "x")
                .content("{name: 'x'}")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Missing console token"));
            mvc.perform(delete(PEOPLE + "/document").param("id", "p001")).andExpect(status().isForbidden());
            assertThat(db.collection("people").count()).isEqualTo(3);
        }, "tetherdb.console.allow-writes=true");
    }

    // ---- writes

    @Test
    void withWritesAllowedInsertsEditsAndDeletesDocuments() {
        console((mvc, db, token) -> {
            TetherCollection people = db.collection("people");
            people.put(Map.of("name", "Ada", "age", 36), PutOptions.id("ada").ttl(Duration.ofHours(1)));
            String id = com.jayway.jsonpath.JsonPath.read(mvc.perform(withToken(post(PEOPLE + "/documents"), token)
                .content("{name: 'Grace', born: {$date: '1906-12-09T00:00:00Z'}}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString(), "$.id");
            assertThat(people.get(id).orElseThrow()).containsEntry("name", "Grace")
                .containsEntry("born", java.time.Instant.parse("1906-12-09T00:00:00Z"));

            mvc.perform(withToken(put(PEOPLE + "/document"), token).param("id", "ada")
                .content("{\"_id\": \"ada\", \"name\": \"Ada Lovelace\", \"age\": 36}"))
                .andExpect(status().isOk());
            assertThat(people.get("ada").orElseThrow()).containsEntry("name", "Ada Lovelace");
            assertThat(people.expiringDocuments()).as("an edit keeps the expiry").isEqualTo(1);
            mvc.perform(withToken(put(PEOPLE + "/document"), token).param("id", "ada")
                .content("{\"_id\": \"other\", \"name\": \"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("is not the _id of the document edited")));
            mvc.perform(withToken(put(PEOPLE + "/document"), token).param("id", "ada").content("{name: "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("document"))
                .andExpect(jsonPath("$.line").value(1));
            assertThat(people.get("ada").orElseThrow()).containsEntry("name", "Ada Lovelace");

            mvc.perform(withToken(delete(PEOPLE + "/document"), token).param("id", "ada")).andExpect(status().isOk());
            assertThat(people.get("ada")).isEmpty();
            mvc.perform(withToken(delete(PEOPLE + "/document"), token).param("id", "ada"))
                .andExpect(status().isNotFound());
            mvc.perform(withToken(post(PEOPLE + "/documents"), token).content("{\"_id\": \"" + id + "\"}"))
                .andExpect(status().isConflict());
        }, "tetherdb.console.allow-writes=true");
    }

    @Test
    void withWritesAllowedCreatesAndDropsIndexes() {
        console((mvc, db, token) -> {
            people(db, 20);
            mvc.perform(withToken(post(PEOPLE + "/indexes"), token).content("{\"keys\": \"{city: 1, age: -1}\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("city_1_age_-1"))
                .andExpect(jsonPath("$.created").value(true));
            assertThat(db.collection("people").listIndexes()).hasSize(1);
            mvc.perform(withToken(post(PEOPLE + "/indexes"), token)
                .content("{\"keys\": \"{city: 1}\", \"unique\": true}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Duplicate key"));
            mvc.perform(withToken(post(PEOPLE + "/indexes"), token).content("{\"keys\": \"{city: 2}\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("keys"));
            assertThat(db.collection("people").listIndexes()).hasSize(1);
            mvc.perform(withToken(delete(PEOPLE + "/indexes/city_1_age_-1"), token)).andExpect(status().isOk());
            assertThat(db.collection("people").listIndexes()).isEmpty();
            mvc.perform(withToken(delete(PEOPLE + "/indexes/city_1_age_-1"), token)).andExpect(status().isNotFound());
        }, "tetherdb.console.allow-writes=true");
    }

    @Test
    void withWritesAllowedRunsTheSweepAndAggregationOutput() {
        console((mvc, db, token) -> {
            people(db, 4);
            db.collection("people").put(Map.of("name", "gone"), PutOptions.id("gone").ttl(Duration.ofMillis(1)));
            Thread.sleep(20);
            mvc.perform(withToken(post(API + "/stores/tetherDB/cleanup"), token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.count").value(1));
            mvc.perform(withToken(post(PEOPLE + "/aggregate"), token)
                .content("{\"pipeline\": \"[{$match: {city: 'Oslo'}}, {$out: 'oslo'}]\"}"))
                .andExpect(status().isOk());
            assertThat(db.collection("oslo").count()).isEqualTo(2);
            mvc.perform(withToken(post(API + "/stores/tetherDB/backup"), token))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("set tetherdb.backup.directory")));
        }, "tetherdb.console.allow-writes=true");
    }

    @Test
    void withWritesAllowedAndABackupDirectoryTakesABackup() {
        Path backups = this.directory.resolve("backups");
        console((mvc, db, token) -> {
            people(db, 5);
            mvc.perform(get(API)).andExpect(jsonPath("$.backupDirectory").value(backups.toString()));
            String file = com.jayway.jsonpath.JsonPath.read(mvc.perform(withToken(post(API + "/stores/tetherDB/backup"), token))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.documents").value(5))
                .andReturn()
                .getResponse()
                .getContentAsString(), "$.file");
            assertThat(Files.exists(Path.of(file))).isTrue();
            try (TetherDB copy = TetherDB.builder().path(Path.of(file)).readOnly(true).open()) {
                assertThat(copy.collection("people").count()).isEqualTo(5);
            }
        }, "tetherdb.console.allow-writes=true", "tetherdb.path=" + this.directory.resolve("app.db"),
                "tetherdb.in-memory=false", "tetherdb.backup.directory=" + backups);
    }

}
