package io.tetherdb.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tetherdb.CopyOptions;
import io.tetherdb.TestPasswords;
import io.tetherdb.TetherDB;
import io.tetherdb.error.PasswordRequiredException;
import io.tetherdb.error.WrongPasswordException;

/**
 * The child JVM of {@link RekeyKillNineIntegrationTests}: rewrites one store file in place until
 * it is killed, round and round through plain, encrypted with the first password, re-keyed to the
 * second, and decrypted; prints {@code COPYING} when the first copy starts, {@code COPIED} when a
 * copy is complete, and {@code COMPACTED n} after each completed rewrite.
 */
public final class RekeyChild {

    private RekeyChild() {
    }

    /** The three states the file goes through. */
    enum State {
        PLAIN, FIRST_PASSWORD, SECOND_PASSWORD
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        AtomicBoolean announced = new AtomicBoolean();
        CopyOptions options = CopyOptions.defaults().progress((done, all) -> {
            if (announced.compareAndSet(false, true)) {
                System.out.println("COPYING");
                System.out.flush();
            }
            if (done.equals(all) && done > 0) {
                System.out.println("COPIED");
                System.out.flush();
            }
        });
        State state = stateOf(file);
        for (int n = 1; ; n++) {
            switch (state) {
                case PLAIN -> TetherDB.encrypt(file, TestPasswords.password(), TestPasswords.FAST, options);
                case FIRST_PASSWORD -> TetherDB.rekey(file, TestPasswords.password(), TestPasswords.otherPassword(),
                        TestPasswords.FAST, options);
                case SECOND_PASSWORD -> TetherDB.decrypt(file, TestPasswords.otherPassword(), options);
            }
            state = State.values()[(state.ordinal() + 1) % State.values().length];
            System.out.println("COMPACTED " + n);
            System.out.flush();
        }
    }

    /** @return which of the three states the file is in, found by opening it */
    static State stateOf(Path file) {
        try (TetherDB db = TetherDB.builder().path(file).readOnly(true).open()) {
            return State.PLAIN;
        } catch (PasswordRequiredException e) {
            try (TetherDB db = TetherDB.builder().path(file).readOnly(true)
                    .encryption(TestPasswords.password(), TestPasswords.FAST).open()) {
                return State.FIRST_PASSWORD;
            } catch (WrongPasswordException wrong) {
                return State.SECOND_PASSWORD;
            }
        }
    }

    /** @return the store opened for writing with whichever of the passwords it has, or none */
    static TetherDB open(Path file) {
        try {
            return TetherDB.builder().path(file).cleanupInterval(Duration.ZERO).open();
        } catch (PasswordRequiredException e) {
            try {
                return TetherDB.builder().path(file).cleanupInterval(Duration.ZERO)
                        .encryption(TestPasswords.password(), TestPasswords.FAST).open();
            } catch (WrongPasswordException wrong) {
                return TetherDB.builder().path(file).cleanupInterval(Duration.ZERO)
                        .encryption(TestPasswords.otherPassword(), TestPasswords.FAST).open();
            }
        }
    }
}
