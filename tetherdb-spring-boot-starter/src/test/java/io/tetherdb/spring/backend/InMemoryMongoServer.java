package io.tetherdb.spring.backend;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * One mongo-java-server (a MongoDB wire-protocol server with an in-memory backend) for the whole
 * test JVM, started on first use on a free port and stopped when the JVM exits. Thread-safe.
 */
public final class InMemoryMongoServer {

    private static MongoServer server;

    private static String uri;

    private InMemoryMongoServer() {
    }

    /**
     * @param database the database to name in the URI
     * @return a connection string to the server
     */
    public static synchronized String uri(String database) {
        if (server == null) {
            server = new MongoServer(new MemoryBackend());
            InetSocketAddress address = server.bind();
            uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
            MongoServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdownNow, "mongo-java-server-shutdown"));
        }
        return uri + "/" + database;
    }

}
