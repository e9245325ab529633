package io.tetherdb.spring.mapping.event;

/**
 * A DTO projection of {@link Parcel}.
 */
public record ParcelLabel(String label) {
}
