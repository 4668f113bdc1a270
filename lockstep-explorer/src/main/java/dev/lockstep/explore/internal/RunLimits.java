package dev.lockstep.explore.internal;

/**
 * What every run of an exploration is held to and can see.
 *
 * @param maxSteps the most scheduling steps a run may take
 * @param deadline the exploration's wall-clock deadline ({@link System#nanoTime()})
 * @param fields whether the agent makes field and array accesses scheduling points (loop iterations are then told
 *     apart by what they read)
 * @param races whether the run detects data races (with the agent's field accesses)
 * @param spuriousWakeups whether {@code Object.wait} and {@code LockSupport.park} may return without a
 *     wake-up, as the JDK allows
 */
record RunLimits(int maxSteps, long deadline, boolean fields, boolean spuriousWakeups, boolean races) {}
