package io.tetherdb.spring.autoconfigure;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

import io.tetherdb.EncryptionOptions;
import io.tetherdb.TetherDBBuilder;
import io.tetherdb.event.ChangeHistory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@link TetherDbProperties} to a {@link TetherDBBuilder}. The builder checks each value;
 * a value it refuses becomes an {@link InvalidConfigurationPropertyValueException} naming the
 * property, so Boot's failure analysis reports which key to fix. The engine's rules stay in one
 * place, the builder.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
final class TetherDbPropertiesMapper {

    private TetherDbPropertiesMapper() {
    }

    /**
     * @param properties the bound properties; not null
     * @param builder the builder to configure; not null
     * @throws InvalidConfigurationPropertyValueException naming the first invalid property
     */
    static void applyTo(TetherDbProperties properties, TetherDBBuilder builder) {
        if (properties.isInMemory()) {
            builder.inMemory();
        }
        else if (properties.getPath() == null) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.path", null,
                    "A store path is required unless tetherdb.in-memory is true");
        }
        else {
            builder.path(properties.getPath());
        }
        if (properties.isReadOnly() && properties.isInMemory()) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.read-only", true,
                    "A read-only store reads an existing file, but tetherdb.in-memory is true");
        }
        builder.readOnly(properties.isReadOnly());
        apply("tetherdb.file-permissions", filePermissions(properties.getFilePermissions()), builder::filePermissions);
        apply("tetherdb.query.max-time", properties.getQuery().getMaxTime(), builder::queryTimeout);
        TetherDbProperties.Transaction transaction = properties.getTransaction();
        builder.durableTransactions(transaction.isDurable());
        apply("tetherdb.transaction.max-age", transaction.getMaxAge(), builder::transactionMaxAge);
        apply("tetherdb.transaction.size-limit", bytes("tetherdb.transaction.size-limit", transaction.getSizeLimit()),
                builder::transactionSizeLimit);
        TetherDbProperties.Flush flush = properties.getFlush();
        apply("tetherdb.flush.threshold", flush.getThreshold(), builder::flushThreshold);
        apply("tetherdb.flush.interval", flush.getInterval(), builder::flushInterval);
        builder.adaptiveFlush(flush.isAdaptive());
        if (properties.getCacheSize() != null) {
            // unset leaves the core's heap-sized default
            apply("tetherdb.cache-size", bytes("tetherdb.cache-size", properties.getCacheSize()), builder::cacheSize);
        }
        apply("tetherdb.page-size", intBytes("tetherdb.page-size", properties.getPageSize()), builder::pageSize);
        TetherDbProperties.Compression compression = properties.getCompression();
        builder.compression(compression.isEnabled());
        apply("tetherdb.compression.min-size", intBytes("tetherdb.compression.min-size", compression.getMinSize()),
                builder::compressMinSize);
        apply("tetherdb.max-document-size", intBytes("tetherdb.max-document-size", properties.getMaxDocumentSize()),
                builder::maxDocumentSize);
        applyEncryption(properties.getEncryption(), builder);
        applyChangeHistory(properties.getEvents(), builder);
        // The starter sweeps on its own scheduler (or not at all): one sweeper, never two.
        builder.cleanupInterval(Duration.ZERO);
    }

    private static void applyChangeHistory(TetherDbProperties.Events events, TetherDBBuilder builder) {
        if (events.getHistoryMaxEvents() == 0) {
            return;
        }
        if (events.getHistoryMaxEvents() < 0) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.events.history-max-events",
                    events.getHistoryMaxEvents(), "The change history's size must be 0 (none kept) or positive");
        }
        try {
            builder.changeHistory(ChangeHistory.retain(events.getHistoryMaxEvents(), events.getHistoryMaxAge()));
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.events.history-max-age",
                    events.getHistoryMaxAge(), ex.getMessage());
        }
    }

    /**
     * Checks the interval of the starter's expiry sweep, which the engine never sees.
     *
     * @param interval the bound interval; may be null
     * @return the interval
     * @throws InvalidConfigurationPropertyValueException if it is null, zero or negative
     */
    static Duration cleanupInterval(Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.ttl.cleanup-interval", interval,
                    "The cleanup interval must be positive; set tetherdb.ttl.cleanup-enabled=false to turn "
                            + "scheduled cleanup off");
        }
        return interval;
    }

    private static Set<PosixFilePermission> filePermissions(String text) {
        if (text == null) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.file-permissions", null,
                    "Permissions are required, such as rw-------");
        }
        try {
            return PosixFilePermissions.fromString(text.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.file-permissions", text,
                    "Permissions are nine characters such as rw------- (owner, group, others; r, w, x or -)");
        }
    }

    private static void applyEncryption(TetherDbProperties.Encryption encryption, TetherDBBuilder builder) {
        String password = encryption.getPassword();
        if (password == null || password.isEmpty()) {
            return;
        }
        long kib = bytes("tetherdb.encryption.kdf-memory", encryption.getKdfMemory()) / 1024;
        EncryptionOptions options = EncryptionOptions.defaults();
        try {
            options = options.memoryKiB((int) Math.min(Integer.MAX_VALUE, kib));
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.encryption.kdf-memory",
                    encryption.getKdfMemory(), ex.getMessage());
        }
        EncryptionOptions withMemory = options;
        try {
            options = withMemory.iterations(encryption.getKdfIterations());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.encryption.kdf-iterations",
                    encryption.getKdfIterations(), ex.getMessage());
        }
        try {
            options = options.parallelism(encryption.getKdfParallelism());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException("tetherdb.encryption.kdf-parallelism",
                    encryption.getKdfParallelism(), ex.getMessage());
        }
        // a String property cannot be wiped; the builder wipes this copy once the key is derived
        builder.encryption(password.toCharArray(), options);
    }

    private static <T> void apply(String property, T value, Consumer<T> setter) {
        try {
            setter.accept(value);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
        }
    }

    private static long bytes(String property, DataSize size) {
        if (size == null) {
            throw new InvalidConfigurationPropertyValueException(property, null, "A size is required");
        }
        return size.toBytes();
    }

    private static int intBytes(String property, DataSize size) {
        long bytes = bytes(property, size);
        if (bytes > Integer.MAX_VALUE || bytes < Integer.MIN_VALUE) {
            throw new InvalidConfigurationPropertyValueException(property, size,
                    "The size must be at most " + Integer.MAX_VALUE + " bytes");
        }
        return (int) bytes;
    }
}
