package io.tetherdb.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQLite through sqlite-jdbc, one table of JSON text: {@code docs(id TEXT PRIMARY KEY, body TEXT,
 * expires_at INTEGER)} with an index on {@code expires_at}. WAL journal; {@code synchronous=NORMAL}
 * (commits reach the OS, as TetherDB's do; the WAL is synced at checkpoints) except for the phases
 * that force every write to the disk, which use {@code synchronous=FULL}. Queries go through {@code json_extract}; the indexed
 * phases use an expression index on {@code json_extract(body, '$.age')}. Bodies are written and
 * parsed with Jackson, as a Java user would.
 */
final class SqliteContender extends Contender {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private Path file;
    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement select;
    private PreparedStatement delete;

    SqliteContender(MutableClock clock) {
        super(clock);
    }

    @Override
    String name() {
        return "SQLite";
    }

    private static Connection connect(Path file, String synchronous) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=" + synchronous);
            s.execute("PRAGMA busy_timeout=60000");
        }
        return c;
    }

    private static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, body TEXT NOT NULL, expires_at INTEGER)");
            s.execute("CREATE INDEX IF NOT EXISTS docs_expires_at ON docs(expires_at)");
        }
    }

    @Override
    void open(Path dir, Workload workload) throws SQLException {
        this.workload = workload;
        this.file = dir.resolve("sqlite.db");
        reopen();
        createTable(connection);
    }

    @Override
    void reopen() throws SQLException {
        connection = connect(file, "NORMAL");
        createTable(connection);
        insert = connection.prepareStatement("INSERT INTO docs (id, body, expires_at) VALUES (?, ?, ?)");
        select = connection.prepareStatement("SELECT body FROM docs WHERE id = ?");
        delete = connection.prepareStatement("DELETE FROM docs WHERE id = ?");
    }

    private void bind(PreparedStatement statement, int i, boolean withExpiry) throws SQLException {
        statement.setString(1, workload.id(i));
        statement.setString(2, JSON.writeValueAsString(workload.document(i)));
        if (withExpiry && Workload.expires(i)) {
            statement.setLong(3, clock.millis() + TTL.toMillis());
        } else {
            statement.setNull(3, java.sql.Types.INTEGER);
        }
    }

    @Override
    void insertOne(int i) throws SQLException {
        bind(insert, i, true);
        insert.executeUpdate();
    }

    @Override
    void insertBatch(int from, int to) throws SQLException {
        inTransaction(() -> {
            for (int i = from; i < to; i++) {
                bind(insert, i, true);
                insert.addBatch();
            }
            insert.executeBatch();
        });
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private void inTransaction(SqlWork work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static Map<String, Object> parse(String body) {
        return JSON.readValue(body, MAP);
    }

    @Override
    Map<String, Object> get(int i) throws SQLException {
        select.setString(1, workload.id(i));
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? parse(rs.getString(1)) : null;
        }
    }

    private List<Map<String, Object>> list(String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int a = 0; a < args.length; a++) {
                statement.setObject(a + 1, args[a]);
            }
            List<Map<String, Object>> result = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> doc = parse(rs.getString(2));
                    doc.put("_id", rs.getString(1));
                    result.add(doc);
                }
            }
            return result;
        }
    }

    private long count(String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int a = 0; a < args.length; a++) {
                statement.setObject(a + 1, args[a]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    List<Map<String, Object>> findByAge(int age) throws SQLException {
        return list("SELECT id, body FROM docs WHERE json_extract(body, '$.age') = ?", age);
    }

    @Override
    void createAgeIndex() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE INDEX docs_age ON docs(json_extract(body, '$.age'))");
            s.execute("ANALYZE");
        }
    }

    @Override
    List<Map<String, Object>> topScoresByAgeRange(int from, int to, int limit) throws SQLException {
        return list("SELECT id, body FROM docs WHERE json_extract(body, '$.age') >= ? AND json_extract(body, '$.age') < ?"
                + " ORDER BY json_extract(body, '$.score') DESC LIMIT ?", from, to, limit);
    }

    @Override
    long countAll() throws SQLException {
        return count("SELECT COUNT(*) FROM docs");
    }

    @Override
    long countByAge(int age) throws SQLException {
        return count("SELECT COUNT(*) FROM docs WHERE json_extract(body, '$.age') = ?", age);
    }

    @Override
    void delete(int i) throws SQLException {
        delete.setString(1, workload.id(i));
        delete.executeUpdate();
    }

    @Override
    int sweepExpired() throws SQLException {
        try (PreparedStatement sweep = connection.prepareStatement("DELETE FROM docs WHERE expires_at <= ?")) {
            sweep.setLong(1, clock.millis());
            return sweep.executeUpdate();
        }
    }

    @Override
    void deleteBatch(List<Integer> indexes) throws SQLException {
        inTransaction(() -> {
            for (int i : indexes) {
                delete.setString(1, workload.id(i));
                delete.addBatch();
            }
            delete.executeBatch();
        });
    }

    @Override
    void restore(List<Integer> indexes) throws SQLException {
        inTransaction(() -> {
            for (int i : indexes) {
                bind(insert, i, false);
                insert.addBatch();
            }
            insert.executeBatch();
        });
    }

    @Override
    long closeAndMeasure() throws Exception {
        close();
        return sizeOf(file, Path.of(file + "-wal"));
    }

    @Override
    DurableWriter openDurable(Path dir, Guarantee guarantee) throws SQLException {
        // FULL syncs the WAL at every commit; NORMAL writes every commit to the WAL but syncs it only at
        // checkpoints, which a process crash cannot undo and a power loss can
        String synchronous = guarantee == Guarantee.FSYNC_EACH ? "FULL" : "NORMAL";
        Path durableFile = dir.resolve("durable.db");
        try (Connection c = connect(durableFile, synchronous)) {
            createTable(c);
        }
        ThreadLocal<PreparedStatement> statements = new ThreadLocal<>();
        List<Connection> connections = new ArrayList<>();
        return new DurableWriter() {
            @Override
            public void write(int i) throws SQLException {
                PreparedStatement statement = statements.get();
                if (statement == null) {
                    Connection c = connect(durableFile, synchronous);
                    synchronized (connections) {
                        connections.add(c);
                    }
                    statement = c.prepareStatement("INSERT INTO docs (id, body, expires_at) VALUES (?, ?, NULL)");
                    statements.set(statement);
                }
                statement.setString(1, workload.id(i));
                statement.setString(2, JSON.writeValueAsString(workload.document(i)));
                statement.executeUpdate();
            }

            @Override
            public String howDurable() {
                return "autocommit INSERT, WAL, synchronous=" + synchronous + ", one connection per thread";
            }

            @Override
            public void close() throws SQLException {
                synchronized (connections) {
                    for (Connection c : connections) {
                        c.close();
                    }
                }
            }
        };
    }

    @Override
    public void close() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            connection.close();
        }
    }
}
