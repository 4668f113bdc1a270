/**
 * Lockstep's primitives ({@link dev.lockstep.sync}) and runtime ({@link dev.lockstep.task}).
 *
 * <p>The {@code internal} packages are not part of the API. The hook package is exported only to the explorer,
 * which is the one module that attaches to it.
 */
module dev.lockstep.core {
    exports dev.lockstep.sync;
    exports dev.lockstep.task;
    exports dev.lockstep.internal to dev.lockstep.explorer;
    exports dev.lockstep.internal.hook to dev.lockstep.explorer;
    exports dev.lockstep.internal.race to dev.lockstep.explorer;
    requires java.logging;
}
