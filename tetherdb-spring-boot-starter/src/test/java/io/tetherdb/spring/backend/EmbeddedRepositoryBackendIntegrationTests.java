package io.tetherdb.spring.backend;

import io.tetherdb.TetherDB;
import io.tetherdb.spring.core.TetherTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend suite on the embedded store, the default backend.
 */
class EmbeddedRepositoryBackendIntegrationTests extends AbstractRepositoryBackendTests {

    @Autowired
    private TetherDB db;

    @Test
    void runsOnTheEmbeddedStore() {
        assertThat(this.operations).isInstanceOf(TetherTemplate.class);
        assertThat(this.db.collection("readings").count()).isEqualTo(4);
    }

}
