package io.tetherdb.spring.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.mapping.Expires;
import io.tetherdb.spring.mapping.TetherConverter;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.mapping.TimeToLive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mapping.MappingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one expiry rule, from the starter's two sources: a zero or negative time-to-live and an
 * instant at or before now write the document already expired, through {@code @TimeToLive} and
 * {@code @Expires} as through the core's {@code PutOptions} (tested in the core's
 * {@code AbstractCollectionTests}); a null {@code @TimeToLive} falls back to {@code @Expires}.
 */
class ExpiryRuleTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final SettableClock clock = new SettableClock();

    private final TetherDB db = TetherDB.builder().inMemory().clock(this.clock).cleanupInterval(Duration.ZERO).open();

    private final TetherMappingContext context = new TetherMappingContext();

    private final TetherTemplate template = new TetherTemplate(this.db,
            new TetherConverter(new JsonMapper(), this.context));

    @AfterEach
    void close() {
        this.db.close();
    }

    @Test
    void timeToLiveDurationZeroOrNegativeMeansAlreadyExpired() {
        this.template.insert(new DurationLease("zero", Duration.ZERO));
        this.template.insert(new DurationLease("negative", Duration.ofMinutes(-5)));
        this.template.insert(new DurationLease("positive", Duration.ofSeconds(1)));
        this.template.insert(new DurationLease("unset", null));

        assertThat(this.template.find(TetherQuery.all(), DurationLease.class)).extracting(DurationLease::id)
            .containsExactlyInAnyOrder("positive", "unset");
        assertThat(this.db.cleanup()).as("the expired ones were written, then swept").isEqualTo(2);
        assertThat(this.db.cleanup()).isZero();
    }

    @Test
    void timeToLiveNumberZeroOrNegativeMeansAlreadyExpired() {
        this.template.insertAll(List.of(new SecondsLease("zero", 0L), new SecondsLease("negative", -1L),
                new SecondsLease("positive", 1L), new SecondsLease("unset", null)));

        assertThat(this.template.find(TetherQuery.all(), SecondsLease.class)).extracting(SecondsLease::id)
            .containsExactlyInAnyOrder("positive", "unset");
        assertThat(this.db.cleanup()).isEqualTo(2);
    }

    @Test
    void timeToLiveInstantAtOrBeforeNowMeansAlreadyExpired() {
        this.template.insert(new InstantLease("now", NOW));
        this.template.insert(new InstantLease("past", NOW.minusSeconds(1)));
        this.template.insert(new InstantLease("future", NOW.plusMillis(1)));
        this.template.insert(new InstantLease("unset", null));

        assertThat(this.template.find(TetherQuery.all(), InstantLease.class)).extracting(InstantLease::id)
            .containsExactlyInAnyOrder("future", "unset");
        assertThat(this.db.cleanup()).isEqualTo(2);
    }

    @Test
    void aNullTimeToLiveFallsBackToTheExpiresDefault() {
        this.template.insert(new DurationLease("unset", null));

        this.clock.now = NOW.plus(Duration.ofMinutes(59));
        assertThat(this.template.findById("unset", DurationLease.class)).isPresent();
        this.clock.now = NOW.plus(Duration.ofHours(1));
        assertThat(this.template.findById("unset", DurationLease.class)).isEmpty();
    }

    @Test
    void timeToLiveAsDateFollowsTheSameRule() {
        this.template.save(new Ticket("past", new Date(NOW.toEpochMilli())));
        this.template.save(new Ticket("future", new Date(NOW.toEpochMilli() + 1)));

        assertThat(this.template.findById("past", Ticket.class)).isEmpty();
        assertThat(this.template.findById("future", Ticket.class)).isPresent();
    }

    @Test
    void zeroOrNegativeExpiresDefaultWritesEveryDocumentAlreadyExpired() {
        this.template.save(new Flash("a"));
        this.template.insertAll(List.of(new Flash("b"), new Flash("c")));
        this.template.save(new Gone("d"));

        assertThat(this.template.count(TetherQuery.all(), Flash.class)).isZero();
        assertThat(this.template.count(TetherQuery.all(), Gone.class)).isZero();
        assertThat(this.db.cleanup()).isEqualTo(4);
    }

    @Test
    void savingAgainWithZeroTimeToLiveHidesTheDocumentAtOnce() {
        this.template.save(new DurationLease("k", Duration.ofHours(1)));
        assertThat(this.template.findById("k", DurationLease.class)).isPresent();

        this.template.save(new DurationLease("k", Duration.ZERO));

        assertThat(this.template.findById("k", DurationLease.class)).isEmpty();
    }

    @Test
    void anExpiredInsertIsStillCheckedForDuplicates() {
        this.template.insert(new DurationLease("k", null));

        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> this.template.insert(new DurationLease("k", Duration.ZERO)));
        assertThat(this.template.findById("k", DurationLease.class)).isPresent();
    }

    @Test
    void primitiveTimeToLiveIsRefusedBecauseUnsetWouldMeanExpired() {
        assertThatExceptionOfType(MappingException.class)
            .isThrownBy(() -> this.context.getRequiredPersistentEntity(PrimitiveTtl.class))
            .havingCause()
            .withMessageContaining("PrimitiveTtl.ttl must not be a primitive long")
            .withMessageContaining("use Long");
    }

    @Test
    void timeToLiveUnitWithoutExactLengthIsRefused() {
        assertThatExceptionOfType(MappingException.class)
            .isThrownBy(() -> this.context.getRequiredPersistentEntity(Monthly.class))
            .havingCause()
            .withMessageContaining("@TimeToLive(unit = Months)")
            .withMessageContaining("has no exact length");
    }

    @Test
    void expiresTakesIsoDurationsAndNumbersWithAUnitOnly() {
        assertThat(this.context.getRequiredPersistentEntity(Flash.class).getDefaultTimeToLive()).isZero();
        assertThat(this.context.getRequiredPersistentEntity(Gone.class).getDefaultTimeToLive())
            .isEqualTo(Duration.ofMinutes(-1));
        assertThat(this.context.getRequiredPersistentEntity(DurationLease.class).getDefaultTimeToLive())
            .isEqualTo(Duration.ofHours(1));
        assertThat(this.context.getRequiredPersistentEntity(Millis.class).getDefaultTimeToLive())
            .isEqualTo(Duration.ofMillis(300));
        for (Class<?> type : List.of(Soon.class, Composite.class, BadUnit.class)) {
            assertThatExceptionOfType(MappingException.class).as(type.getSimpleName())
                .isThrownBy(() -> new TetherMappingContext().getRequiredPersistentEntity(type))
                .havingCause()
                .withMessageContaining("on " + type.getName() + " is not a duration such as PT1H or 30m");
        }
    }

    @Expires(after = "300")
    record Millis(@Id String id) {
    }

    @Expires(after = "soon")
    record Soon(@Id String id) {
    }

    @Expires(after = "1h30m")
    record Composite(@Id String id) {
    }

    @Expires(after = "5x")
    record BadUnit(@Id String id) {
    }

    @Expires(after = "1h")
    record DurationLease(@Id String id, @TimeToLive Duration ttl) {
    }

    @Expires(after = "1h")
    record SecondsLease(@Id String id, @TimeToLive Long ttl) {
    }

    @Expires(after = "1h")
    record InstantLease(@Id String id, @TimeToLive Instant at) {
    }

    record Ticket(@Id String id, @TimeToLive Date until) {
    }

    @Expires(after = "0s")
    record Flash(@Id String id) {
    }

    @Expires(after = "-PT1M")
    record Gone(@Id String id) {
    }

    record PrimitiveTtl(@Id String id, @TimeToLive long ttl) {
    }

    record Monthly(@Id String id, @TimeToLive(unit = java.time.temporal.ChronoUnit.MONTHS) Long ttl) {
    }

    /** A clock the test moves by hand. */
    static final class SettableClock extends Clock {

        volatile Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return this.now;
        }

    }

}
