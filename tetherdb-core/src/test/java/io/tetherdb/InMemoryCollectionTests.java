package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryCollectionTests extends AbstractCollectionTests {

    @Override
    protected TetherDB open(TetherDBBuilder builder) {
        return builder.inMemory().open();
    }

    @Test
    void anInMemoryStoreHasNoFile() {
        assertThat(db.path()).isEmpty();
        assertThat(db.statistics().fileSize()).isZero();
        db.flush();
    }
}
