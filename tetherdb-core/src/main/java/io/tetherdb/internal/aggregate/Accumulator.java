package io.tetherdb.internal.aggregate;

/**
 * The running state of one accumulator for one group. Besides adding values and giving a result, it
 * can give a partial state and merge one back, so that a group may be spilled to disk in parts and
 * finished from them. Not thread-safe: it belongs to one group of one run.
 */
interface Accumulator {

    /**
     * @param value the value of the accumulator's expression for one document
     * @return about how many bytes of memory the state grew by
     */
    long add(Object value);

    /** @return the accumulated result; never {@link Values#MISSING} */
    Object result();

    /** @return the state as a storable value (numbers, strings, lists, documents) */
    Object partial();

    /** Merges a partial state of a later part of the input into this one. */
    void merge(Object partial);
}
