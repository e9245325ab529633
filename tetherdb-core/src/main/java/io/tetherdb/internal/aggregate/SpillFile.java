package io.tetherdb.internal.aggregate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;

/**
 * A temporary file of documents written once in order and read back in that order, for stages
 * that spill past their memory limit. Deleted when the run closes. Not thread-safe.
 */
final class SpillFile {

    private final Path path;
    private DataOutputStream out;
    private final java.util.List<DataInputStream> readers = new java.util.ArrayList<>();

    SpillFile(Path path) throws IOException {
        this.path = path;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
    }

    void write(Document document) {
        try {
            byte[] bytes = DocumentCodec.encode(document);
            out.writeInt(bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write spill file " + path, e);
        }
    }

    /** Ends writing; the file may then be read. */
    void finish() {
        try {
            if (out != null) {
                out.close();
                out = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write spill file " + path, e);
        }
    }

    Iterator<Document> read() {
        finish();
        DataInputStream in;
        try {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read spill file " + path, e);
        }
        readers.add(in);
        return new Iterator<>() {
            private Document next = advance();

            private Document advance() {
                try {
                    int length = in.readInt();
                    byte[] bytes = new byte[length];
                    in.readFully(bytes);
                    return DocumentCodec.decode(bytes);
                } catch (EOFException e) {
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read spill file " + path, e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Document next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Document current = next;
                next = advance();
                return current;
            }
        };
    }

    void delete() {
        try {
            if (out != null) {
                out.close();
                out = null;
            }
            for (DataInputStream in : readers) {
                in.close();
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a spill file left behind is only wasted space in the temporary directory
        }
    }
}
