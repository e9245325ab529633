package io.tetherdb.spring.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/spring-reference.md} true: its Java samples are exactly the tagged code that
 * {@link SpringReferenceExampleTests} and the catalogue compile and run, its property table is
 * the one generated from the configuration metadata, and every annotation of the starter is
 * listed. With {@code -Dtetherdb.docs.update=true} the property table is rewritten instead.
 */
class SpringReferencePageTests {

    private static final Path PAGE = Path.of("..", "docs", "spring-reference.md");

    private static final Path SAMPLES = Path.of("src", "test", "java", "io", "tetherdb", "spring", "catalogue");

    private static final String TABLE_START = "<!-- properties:start -->\n";

    private static final String TABLE_END = "<!-- properties:end -->";

    @Test
    void javaSamplesAreTheTaggedCodeOfTheTests() throws IOException {
        List<String> pageSamples = new ArrayList<>();
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(page());
        while (block.find()) {
            pageSamples.add(normalize(block.group(1)));
        }
        List<String> tagged = new ArrayList<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            for (Path file : files.filter((path) -> path.toString().endsWith(".java")).sorted().toList()) {
                Matcher region = Pattern.compile("// tag::([a-z]+)\\[]\n(.*?)\n\\s*// end::\\1\\[]", Pattern.DOTALL)
                    .matcher(Files.readString(file));
                while (region.find()) {
                    tagged.add(normalize(region.group(2)));
                }
            }
        }
        assertThat(tagged).as("tagged samples").hasSizeGreaterThanOrEqualTo(7);
        assertThat(pageSamples).as("every Java block of the page is tested code")
            .containsExactlyInAnyOrderElementsOf(tagged);
    }

    @Test
    void propertyTableIsGeneratedFromTheMetadata() throws IOException {
        String page = page();
        String table = propertyTable();
        int start = page.indexOf(TABLE_START);
        int end = page.indexOf(TABLE_END);
        assertThat(start).as("table markers").isNotNegative().isLessThan(end);
        String updated = page.substring(0, start + TABLE_START.length()) + table + page.substring(end);
        if (Boolean.getBoolean("tetherdb.docs.update")) {
            Files.writeString(PAGE, updated);
            return;
        }
        assertThat(page).as("the property table; rerun with -Dtetherdb.docs.update=true to regenerate it")
            .isEqualTo(updated);
        for (JsonNode property : metadata()) {
            assertThat(page).contains("`" + property.get("name").asString() + "`");
        }
    }

    @Test
    void everyAnnotationOfTheStarterIsListed() throws IOException {
        TreeSet<String> annotations = new TreeSet<>();
        SimpleMetadataReaderFactory readers = new SimpleMetadataReaderFactory();
        for (Resource resource : new PathMatchingResourcePatternResolver()
            .getResources("classpath*:io/tetherdb/spring/**/*.class")) {
            MetadataReader reader = readers.getMetadataReader(resource);
            if (reader.getClassMetadata().isAnnotation() && resource.getURL().toString().contains("/classes/")
                    && !resource.getURL().toString().contains("/test-classes/")) {
                String name = reader.getClassMetadata().getClassName();
                annotations.add(name.substring(name.lastIndexOf('.') + 1));
            }
        }
        assertThat(annotations).contains("Query", "DocumentCollection", "Indexed", "CompoundIndex", "Expires",
                "TimeToLive", "DataTetherTest", "EnableTetherRepositories", "EnableTetherAuditing");
        String page = page();
        assertThat(annotations).allSatisfy((annotation) -> assertThat(page).contains("`@" + annotation + "`"));
    }

    @Test
    void everyAutoConfigurationIsListed() throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = new ClassPathResource(
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
            .getInputStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.substring(line.lastIndexOf('.') + 1).trim());
                }
            }
        }
        assertThat(names).contains("TetherDbAutoConfiguration", "DataTetherAutoConfiguration",
                "DataTetherRepositoriesAutoConfiguration");
        String page = page();
        assertThat(names).allSatisfy((name) -> assertThat(page).contains("`" + name + "`"));
    }

    @Test
    void readmeLinksToThePage() throws IOException {
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("(docs/spring-reference.md)");
    }

    private static String propertyTable() throws IOException {
        StringBuilder table = new StringBuilder("| Property | Type | Default | Description |\n|---|---|---|---|\n");
        List<JsonNode> properties = new ArrayList<>(metadata());
        properties.sort((a, b) -> a.get("name").asString().compareTo(b.get("name").asString()));
        for (JsonNode property : properties) {
            String type = property.get("type").asString();
            table.append("| `")
                .append(property.get("name").asString())
                .append("` | ")
                .append(type.substring(type.lastIndexOf('.') + 1))
                .append(" | ")
                // a property without a default (unset means off) shows a dash
                .append(property.has("defaultValue") ? "`" + property.get("defaultValue").asString() + "`" : "–")
                .append(" | ")
                .append(property.path("description").asString(""))
                .append(" |\n");
        }
        return table.toString();
    }

    private static List<JsonNode> metadata() throws IOException {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            List<JsonNode> properties = new ArrayList<>();
            for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
                if (property.get("name").asString().startsWith("tetherdb.")) {
                    properties.add(property);
                }
            }
            return properties;
        }
    }

    private static String page() throws IOException {
        return Files.readString(PAGE, StandardCharsets.UTF_8);
    }

    /** The lines without their common indentation and trailing blanks. */
    private static String normalize(String code) {
        List<String> lines = code.stripTrailing().lines().map(String::stripTrailing).toList();
        int indent = lines.stream()
            .filter((line) -> !line.isBlank())
            .mapToInt((line) -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
        return String.join("\n", lines.stream().map((line) -> line.isBlank() ? "" : line.substring(indent)).toList());
    }

}
