package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's view of a store file that its callers' interrupts cannot take away: MVStore opens
 * {@code tetherdb-interrupt-safe:} + the file name, and gets an {@link InterruptSafeFileChannel}
 * over the channel of the wrapped name (the plain file, or a test's fault-injecting scheme).
 * H2 creates instances by reflection, hence public with a public no-argument constructor; it is
 * not API.
 *
 * <p>Java closes a {@code FileChannel} when a thread that is blocked in it, or enters it, is
 * interrupted, and the close also drops the file lock; MVStore then closes itself. Without this
 * layer one interrupted caller, such as a web request that timed out, would put the whole store in
 * its failed state.
 *
 * <p>Thread-safe: instances are not changed after creation.
 */
public final class InterruptSafeFilePath extends FilePathWrapper {

    /** H2 scheme under which the wrapper is registered. */
    static final String SCHEME = "tetherdb-interrupt-safe";

    static {
        // once per class loader: H2 keeps providers in a static map, keyed by scheme
        FilePath.register(new InterruptSafeFilePath());
    }

    /** For H2's reflective creation. */
    public InterruptSafeFilePath() {
    }

    /**
     * @param fileName an H2 file name: a path, or a path behind another registered scheme
     * @return the name under which MVStore opens it through this wrapper
     */
    static String wrap(String fileName) {
        // the static initializer has run by now: the scheme is registered
        return SCHEME + ":" + fileName;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return InterruptSafeFileChannel.open(getBase(), mode);
    }
}
