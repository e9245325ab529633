package io.tetherdb.sample.reading;

import java.util.List;

/**
 * The answer to a batch upload: every reading was stored, in one commit.
 *
 * @param count number of readings stored
 * @param ids their ids, in the order of the request
 * @param expiresAt when the store drops them, epoch milliseconds
 * @since 0.1
 */
public record BatchResult(int count, List<String> ids, long expiresAt) {
}
