/** Lockstep's primitives across processes, on Redis. */
module dev.lockstep.redis {
    requires dev.lockstep.core;
    requires lettuce.core;
    requires java.logging;
    exports dev.lockstep.redis;
}
