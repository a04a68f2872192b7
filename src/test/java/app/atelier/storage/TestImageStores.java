package app.atelier.storage;

import java.nio.file.Path;

/** The file-system image store for tests in other packages that build their objects by hand. */
public final class TestImageStores {

    private TestImageStores() {
    }

    public static ImageStore inFolder(Path root) {
        return new FileSystemImageStore(root);
    }

}
