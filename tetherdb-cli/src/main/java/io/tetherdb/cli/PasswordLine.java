package io.tetherdb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one password line from a stream that is not a terminal, byte by byte so that nothing after
 * the line is consumed, and without an intermediate {@code String}, so that every copy of the
 * password is one this class wipes or hands on. Stateless; thread-safe.
 */
final class PasswordLine {

    /** Longer than any password typed or stored in a secret manager; guards against reading a data file. */
    private static final int MAX_BYTES = 4096;

    private PasswordLine() {
    }

    /**
     * @param in the stream; not closed
     * @return the first line without its line terminator ({@code \n} or {@code \r\n}), or null at the end of
     *         the stream before any byte
     * @throws CliFailure if the line is longer than 4096 bytes or not UTF-8
     */
    static char[] read(InputStream in) {
        byte[] line = new byte[MAX_BYTES];
        CharBuffer chars = null;
        try {
            int length = 0;
            int b = in.read();
            if (b < 0) {
                return null;
            }
            for (; b >= 0 && b != '\n'; b = in.read()) {
                if (length == MAX_BYTES) {
                    throw CliFailure.usage("the password line on standard input is longer than " + MAX_BYTES
                            + " bytes");
                }
                line[length++] = (byte) b;
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, 0, length));
            return Arrays.copyOf(chars.array(), chars.limit());
        } catch (CharacterCodingException e) {
            throw CliFailure.usage("the password line on standard input is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from standard input", e);
        } finally {
            Arrays.fill(line, (byte) 0);
            if (chars != null) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }
}
