/** The Lockstep explorer: deterministic, replayable exploration of virtual-thread interleavings. */
module dev.lockstep.explorer {
    requires transitive dev.lockstep.core;
    requires java.management;
    exports dev.lockstep.explore;
}
