package io.tetherdb.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's view of an encrypted store file: MVStore opens {@code tetherdb-encrypted:TOKEN:} + the
 * file name and gets an {@link EncryptedFileChannel} with the key registered under TOKEN. The key
 * is looked up, not spelled in the name (as H2's own {@code encrypt:} scheme does with the
 * password), so that no file name, log line or error message carries it. H2 creates instances by
 * reflection, hence public with a public no-argument constructor; it is not API.
 *
 * <p>Thread-safe: instances are not changed after creation; the key registry is concurrent.
 */
public final class EncryptedFilePath extends FilePathWrapper {

    static final String SCHEME = "tetherdb-encrypted";
    private static final Map<String, SectorCipher> KEYS = new ConcurrentHashMap<>();

    static {
        FilePath.register(new EncryptedFilePath());
    }

    /** For H2's reflective creation. */
    public EncryptedFilePath() {
    }

    /** @return a token under which the key stays registered until {@link #unregister} */
    static String register(SectorCipher cipher) {
        String token = UUID.randomUUID().toString();
        KEYS.put(token, cipher);
        return token;
    }

    static void unregister(String token) {
        if (token != null) {
            KEYS.remove(token);
        }
    }

    /** @return the name under which MVStore opens a file through the registered key */
    static String wrap(String fileName, String token) {
        return SCHEME + ":" + token + ":" + fileName;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    protected String getPrefix() {
        return SCHEME + ":" + token(name) + ":";
    }

    @Override
    protected FilePath unwrap(String fileName) {
        String rest = fileName.substring(SCHEME.length() + 1);
        return FilePath.get(rest.substring(rest.indexOf(':') + 1));
    }

    private static String token(String fileName) {
        String rest = fileName.substring(SCHEME.length() + 1);
        return rest.substring(0, rest.indexOf(':'));
    }

    @Override
    public long size() {
        SectorCipher cipher = KEYS.get(token(name));
        // a closed store's file: its size as the tagged format would show it, which no one reads
        return EncryptedFileChannel.visibleSize(getBase().size(), cipher == null || cipher.tagged());
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        SectorCipher cipher = KEYS.get(token(name));
        if (cipher == null) {
            throw new IOException("the key of " + getBase() + " is no longer registered: its store was closed");
        }
        return new EncryptedFileChannel(getBase().toString(), getBase().open(mode), cipher);
    }

    @Override
    public InputStream newInputStream() throws IOException {
        return Channels.newInputStream(open("r"));
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        return newFileChannelOutputStream(open("rw"), append);
    }
}
