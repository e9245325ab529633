package io.tetherdb.spring.mongodb;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;
import io.tetherdb.spring.backend.InMemoryMongoServer;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.repository.sample.Reading;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Time limits of {@link MongoTetherTemplate}: mongo-java-server does not enforce {@code maxTimeMS},
 * so these tests check what reaches the server, the commands' limits, through the driver's command
 * events; a real server stops the command and the template throws Spring's
 * {@code QueryTimeoutException}.
 */
class MongoTetherTemplateTimeLimitTests {

    private final List<BsonDocument> commands = new CopyOnWriteArrayList<>();

    private MongoClient client;

    private MongoTetherTemplate template;

    @BeforeEach
    void connect() {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                MongoTetherTemplateTimeLimitTests.this.commands.add(event.getCommand().clone());
            }
        };
        this.client = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(InMemoryMongoServer.uri("time-limits")))
            .addCommandListener(listener)
            .build());
        JsonMapper mapper = new JsonMapper();
        this.template = new MongoTetherTemplate(this.client, "time-limits",
                new TetherConverter(mapper, new TetherMappingContext(mapper)));
    }

    @AfterEach
    void close() {
        this.template.destroy();
        this.client.close();
    }

    private BsonDocument last(String command) {
        return this.commands.stream().filter((c) -> c.containsKey(command)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void theDefaultLimitIsSentWithFindsCountsAndAggregations() {
        this.template.setDefaultMaxTime(Duration.ofSeconds(2));
        this.template.find(TetherQuery.of(Filters.eq("sensor", "a")), Reading.class);
        assertThat(last("find").getNumber("maxTimeMS").longValue()).isEqualTo(2000);
        this.template.count(TetherQuery.all(), Reading.class);
        assertThat(last("aggregate").getNumber("maxTimeMS").longValue()).isEqualTo(2000);
        this.template.aggregate("[{$match: {}}]", Reading.class, Document.class);
        assertThat(last("aggregate").getNumber("maxTimeMS").longValue()).isEqualTo(2000);
    }

    @Test
    void aQuerysOwnLimitWinsAndZeroMeansNone() {
        this.template.setDefaultMaxTime(Duration.ofSeconds(2));
        this.template.find(TetherQuery.all().maxTime(Duration.ofMillis(250)), Reading.class);
        assertThat(last("find").getNumber("maxTimeMS").longValue()).isEqualTo(250);
        this.template.find(TetherQuery.all().maxTime(Duration.ZERO), Reading.class);
        assertThat(last("find").containsKey("maxTimeMS")).isFalse();
    }

    @Test
    void aNegativeDefaultIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.template.setDefaultMaxTime(Duration.ofSeconds(-1)))
            .withMessageContaining("PT-1S");
    }

}
