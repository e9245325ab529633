package io.tetherdb;

class InMemoryUpdateOperationsTests extends AbstractUpdateOperationsTests {

    @Override
    protected TetherDB open(TetherDBBuilder builder) {
        return builder.inMemory().open();
    }
}
