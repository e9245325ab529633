package io.tetherdb.spring.autoconfigure.mongodb;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the MongoDB backend, bound from {@code tetherdb.mongodb.*}; used when
 * {@code tetherdb.backend=mongodb}.
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 *
 * @since 0.2
 */
@ConfigurationProperties("tetherdb.mongodb")
public class TetherMongoProperties {

    /** Default database, when neither the database property nor the URI names one. */
    public static final String DEFAULT_DATABASE = "tetherdb";

    /**
     * Connection string of the MongoDB server, such as "mongodb://localhost:27017/shop". Required
     * with the mongodb backend unless the application defines its own MongoClient bean.
     */
    private String uri;

    /**
     * Database that holds the collections. Unset: the database named in the URI, else "tetherdb".
     */
    private String database;

    public String getUri() {
        return this.uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getDatabase() {
        return this.database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

}
