/** JUnit Jupiter support for the Lockstep explorer: {@code @ExploreTest} and {@code @Replay}. */
module dev.lockstep.junit {
    requires transitive dev.lockstep.explorer;
    requires transitive org.junit.jupiter.api;
    // Static: a build that runs its tests on the module path may have the launcher only on the class path (Surefire
    // adds its own there); the module must still resolve. Only tests that need an inner JUnit execution use it.
    requires static org.junit.platform.launcher;
    exports dev.lockstep.junit;
    opens dev.lockstep.junit to org.junit.platform.commons;
    provides org.junit.jupiter.api.extension.Extension with dev.lockstep.junit.internal.InnerRunExtension;
}
