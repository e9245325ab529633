package io.tetherdb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import io.tetherdb.internal.store.RecordFormat;
import io.tetherdb.internal.store.RecordPreparer;

/**
 * Options of one write: a caller-chosen id, a time-to-live or expiry instant, and tags. Immutable:
 * every method returns a new instance. Start from {@link #defaults()} or {@link #id(String)}:
 * {@code PutOptions.id("user_jane").ttl(Duration.ofSeconds(10)).tags("user")}.
 *
 * <p>Expiry rule: a document expires at the moment the write happens plus its time-to-live, or at
 * its expiry instant, and is expired from that moment on. So a zero or negative time-to-live and an
 * instant at or before now mean <em>already expired</em>: the write happens (with every check, such
 * as duplicate ids and unique indexes) and the document is invisible to every read at once, until a
 * sweep removes it. This is MongoDB's TTL rule for a date in the past.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class PutOptions {

    private static final PutOptions DEFAULTS = new PutOptions(null, null, null, List.of());

    private final String id;
    private final Duration ttl;
    private final Instant expireAt;
    private final List<String> tags;

    private PutOptions(String id, Duration ttl, Instant expireAt, List<String> tags) {
        this.id = id;
        this.ttl = ttl;
        this.expireAt = expireAt;
        this.tags = tags;
    }

    /** @return options with no id, no expiry and no tags */
    public static PutOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param id the document id; not null, not empty
     * @return options with that id
     */
    public static PutOptions id(String id) {
        return new PutOptions(checkId(id), null, null, List.of());
    }

    /**
     * @param id the document id; not null, not empty
     * @return a copy with that id, keeping the expiry and tags
     */
    public PutOptions withId(String id) {
        return new PutOptions(checkId(id), ttl, expireAt, tags);
    }

    /**
     * @param ttl how long the document lives from the moment it is written; not null; zero or
     *        negative writes the document already expired (see the class comment)
     * @return a copy with that time-to-live (replacing any expiry instant)
     */
    public PutOptions ttl(Duration ttl) {
        return new PutOptions(id, Objects.requireNonNull(ttl, "ttl must not be null"), null, tags);
    }

    /**
     * @param instant when the document expires; not null; at or before the moment of the write
     *        writes the document already expired (see the class comment)
     * @return a copy expiring at that instant (replacing any time-to-live)
     */
    public PutOptions expireAt(Instant instant) {
        return new PutOptions(id, null, Objects.requireNonNull(instant, "expireAt must not be null"), tags);
    }

    /**
     * @param tags tags added to the document's {@code _tags} array; none may be null
     * @return a copy with these tags added
     */
    public PutOptions tags(String... tags) {
        LinkedHashSet<String> all = new LinkedHashSet<>(this.tags);
        for (String tag : tags) {
            all.add(Objects.requireNonNull(tag, "tags must not contain null"));
        }
        return new PutOptions(id, ttl, expireAt, Collections.unmodifiableList(new ArrayList<>(all)));
    }

    /** @return the caller-chosen id, or null */
    public String id() {
        return id;
    }

    /** @return the time-to-live, or null */
    public Duration ttl() {
        return ttl;
    }

    /** @return the expiry instant, or null */
    public Instant expireAt() {
        return expireAt;
    }

    /** @return the tags, never null */
    public List<String> tags() {
        return tags;
    }

    /**
     * @param nowMillis the current time
     * @return the expiry time in epoch millis, or {@link Long#MAX_VALUE} if the document never expires
     */
    long expiresAtMillis(long nowMillis) {
        return RecordFormat.expiryMillis(expireAt, ttl, nowMillis, RecordFormat.NEVER);
    }

    static String checkId(String id) {
        Objects.requireNonNull(id, "id must not be null");
        String problem = idProblem(id);
        if (problem != null) {
            throw new IllegalArgumentException("id " + problem);
        }
        return id;
    }

    /** @return what is wrong with a non-null id, such as "must not be empty", or null if nothing is */
    static String idProblem(String id) {
        return RecordPreparer.idProblem(id);
    }

    @Override
    public String toString() {
        return "PutOptions[id=" + id + ", ttl=" + ttl + ", expireAt=" + expireAt + ", tags=" + tags + "]";
    }
}
