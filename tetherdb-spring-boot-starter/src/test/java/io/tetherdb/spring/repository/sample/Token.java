package io.tetherdb.spring.repository.sample;

import java.time.Instant;

import io.tetherdb.spring.mapping.TimeToLive;

import org.springframework.data.annotation.Id;

/**
 * A record that expires at an instant of its own, never by default.
 */
public record Token(@Id String id, String value, @TimeToLive Instant expiresAt) {
}
