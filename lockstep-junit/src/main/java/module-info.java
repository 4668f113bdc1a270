/** JUnit Jupiter support for the Lockstep explorer: {@code @ExploreTest} and {@code @Replay}. */
module dev.lockstep.junit {
    requires transitive dev.lockstep.explorer;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.launcher;
    exports dev.lockstep.junit;
    opens dev.lockstep.junit to org.junit.platform.commons;
    provides org.junit.jupiter.api.extension.Extension with dev.lockstep.junit.internal.InnerRunExtension;
}
