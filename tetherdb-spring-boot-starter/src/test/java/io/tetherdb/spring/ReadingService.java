package io.tetherdb.spring;

import io.tetherdb.TetherDB;

import org.springframework.stereotype.Service;

/**
 * An application component that a full context scans and a {@code @DataTetherTest} slice leaves
 * out.
 */
@Service
public class ReadingService {

    private final TetherDB db;

    public ReadingService(TetherDB db) {
        this.db = db;
    }

    public long readings() {
        return this.db.collection("readings").count();
    }
}
