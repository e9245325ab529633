package io.tetherdb.internal.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import io.tetherdb.error.CorruptStoreException;
import io.tetherdb.error.StoreNotFoundException;
import io.tetherdb.error.StoreNotWritableException;

/**
 * Decides, before MVStore touches a store file, whether it may be opened as asked, and creates a
 * new file with its permissions. MVStore itself opens a file that it finds not writable read-only
 * without saying so, and only the first commit fails; so a store opened for writing is refused
 * here, with the reason, and again after MVStore opened the file if MVStore chose read-only for a
 * reason seen only through its own file layer.
 *
 * <p>A file or directory that has no write permission bit at all (such as {@code r--r--r--}) counts
 * as read-only even when the operating system would let this process write it, as it lets root:
 * the permissions say that nobody is meant to write it, and a store that opened for writing only
 * because it runs as root would be refused when the same setup runs as another user.
 *
 * <p>Thread-safe: it has no state.
 */
final class StoreFileAccess {

    private StoreFileAccess() {
    }

    /**
     * Refuses a store file that cannot be opened for writing, or created, without changing anything.
     *
     * @param path the absolute, normalized store file
     * @throws StoreNotWritableException saying why the file cannot be written
     */
    static void checkWritable(Path path) {
        if (Files.isDirectory(path)) {
            throw new StoreNotWritableException(path, "it is a directory", false, null);
        }
        if (Files.exists(path)) {
            String reason = whyNotWritable(path, "the file");
            if (reason != null) {
                throw new StoreNotWritableException(path, reason, Files.isReadable(path), null);
            }
            return;
        }
        // a new file: the nearest existing ancestor is its directory, or holds the directories to create
        Path ancestor = path.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            return;
        }
        if (!Files.isDirectory(ancestor)) {
            throw new StoreNotWritableException(path, ancestor + " is not a directory", false, null);
        }
        String reason = whyNotWritable(ancestor, "the directory " + ancestor);
        if (reason != null) {
            throw new StoreNotWritableException(path, "the file does not exist and " + reason, false, null);
        }
    }

    /** @return why this process must not write the file or directory, or null if it may */
    private static String whyNotWritable(Path path, String what) {
        try {
            if (Files.getFileStore(path).isReadOnly()) {
                return what + " is on a read-only file system";
            }
        } catch (IOException e) {
            // the file store is unknown: the checks below still decide
        }
        PosixFileAttributes attributes = posixAttributes(path);
        String permissions = attributes == null ? null : PosixFilePermissions.toString(attributes.permissions());
        if (attributes != null && !hasWriteBit(attributes.permissions())) {
            return what + " is read-only (permissions " + permissions + ")";
        }
        if (!Files.isWritable(path)) {
            return what + " is not writable by this process"
                    + (attributes == null ? "" : " (permissions " + permissions + ", owner "
                            + attributes.owner().getName() + ")");
        }
        return null;
    }

    private static boolean hasWriteBit(Set<PosixFilePermission> permissions) {
        return permissions.contains(PosixFilePermission.OWNER_WRITE)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static PosixFileAttributes posixAttributes(Path path) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return null;
        }
        try {
            return view.readAttributes();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Refuses a read-only open of a path that holds no store file.
     *
     * @param path the absolute, normalized store file
     * @throws StoreNotFoundException if it does not exist or is a directory
     * @throws CorruptStoreException if it is empty
     */
    static void checkReadable(Path path) {
        if (Files.isDirectory(path)) {
            throw new StoreNotFoundException(path, "it is a directory");
        }
        if (!Files.exists(path)) {
            throw new StoreNotFoundException(path, "it does not exist");
        }
        try {
            if (Files.size(path) == 0) {
                // MVStore would try to write a new store's header into it
                throw new CorruptStoreException(path, "it is empty: no store was ever written to it", null);
            }
        } catch (IOException e) {
            // MVStore's own open reports what cannot be read
        }
    }

    /**
     * Creates the store file with the given permissions unless it exists, so that it is never, even
     * for a moment, readable by others when the permissions say it must not be. Missing directories
     * are created first. Does nothing on a file system without POSIX permissions, where MVStore
     * creates the file.
     *
     * @param path the absolute, normalized store file
     * @param permissions the new file's permissions
     * @return whether this call created the file
     * @throws StoreNotWritableException if the directories or the file cannot be created
     */
    static boolean createIfMissing(Path path, Set<PosixFilePermission> permissions) {
        Path directory = path.getParent();
        try {
            if (directory != null) {
                Files.createDirectories(directory);
            }
        } catch (IOException e) {
            throw new StoreNotWritableException(path, "its directory cannot be created (" + e + ")", false, e);
        }
        if (Files.exists(path) || directory == null
                || Files.getFileAttributeView(directory, PosixFileAttributeView.class) == null) {
            return false;
        }
        try {
            // created with the permissions (narrowed by the umask) and then set exactly, since the umask
            // may have taken away bits that were asked for
            Files.createFile(path, PosixFilePermissions.asFileAttribute(permissions));
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (IOException e) {
            throw new StoreNotWritableException(path, "the file cannot be created (" + e + ")", false, e);
        }
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (IOException e) {
            deleteCreated(path);
            throw new StoreNotWritableException(path, "the permissions of the new file cannot be set to "
                    + PosixFilePermissions.toString(permissions) + " (" + e + ")", false, e);
        }
        return true;
    }

    /** Removes a file that {@link #createIfMissing} created, after the open failed, if nothing was written to it. */
    static void deleteCreated(Path path) {
        try {
            if (Files.size(path) == 0) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // the open failed already; an empty file left behind is opened as a new store next time
        }
    }
}
