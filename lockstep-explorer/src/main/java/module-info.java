/** The Lockstep explorer: deterministic, replayable exploration of virtual-thread interleavings. */
module dev.lockstep.explorer {
    requires transitive dev.lockstep.core;
    exports dev.lockstep.explore;
}
