package dev.lockstep.explore.internal;

import dev.lockstep.internal.Holders;
import dev.lockstep.internal.hook.Op;
import java.util.List;

/**
 * Tells the story of a run as it happens, for its trace. Runs that nobody reads (all but the last of an exploration)
 * use {@link #SILENT}, which does nothing, so that the dispatcher never asks whether it is being traced.
 */
interface Narrator {

    /** The narrator of an untraced run. */
    Narrator SILENT = new Narrator() {};

    /** {@code child} was created; {@code parent} started it, or is null for the scenario's own thread. */
    default void started(TaskState parent, TaskState child) {}

    /** {@code t} is about to perform {@code op} on {@code primitive}. */
    default void op(TaskState t, Object primitive, Op op) {}

    /** {@code t} yielded at {@code Checkpoint.yieldNow()}. */
    default void yielded(TaskState t) {}

    /** {@code t} gave its continuation back without blocking ({@code Thread.yield()}). */
    default void threadYielded(TaskState t) {}

    /** The task {@code lastId}, which could have gone on, was switched away from: {@code chosen} runs. */
    default void preempted(int lastId, TaskState chosen) {}

    /** Virtual time moved to {@code now}. */
    default void time(long now) {}

    /** {@code waker}, running, made the blocked {@code woken} runnable. */
    default void woke(TaskState waker, TaskState woken) {}

    /** {@code t} now holds {@code primitive}. */
    default void acquired(TaskState t, Object primitive) {}

    /** {@code t} handed {@code primitive} (or an item of it) to {@code target}. */
    default void handedOff(TaskState t, Object primitive, TaskState target) {}

    /** {@code t} ended. */
    default void ended(TaskState t) {}

    /** {@code t} blocked; {@code tasks} and {@code holders} say whom it waits for. */
    default void parked(TaskState t, List<TaskState> tasks, Holders holders) {}

    /** {@code t} is about to read or write a field of {@code owner}, or element {@code index} of an array. */
    default void access(TaskState t, Object owner, int index, String site, boolean write) {}

    /** {@code t} is about to enter the monitor of {@code monitor}. */
    default void enters(TaskState t, Object monitor, String site) {}

    /** {@code t} is about to call a method that synchronizes ({@code site} names it) on {@code receiver}. */
    default void call(TaskState t, Object receiver, String site) {}

    /** {@code t}'s wait returned at once, spuriously. */
    default void spurious(TaskState t) {}

    /** {@code t} polls in a loop: a yield. */
    default void spins(TaskState t) {}

    /** Task {@code taskId} failed: {@code text} says how. */
    default void failed(int taskId, String text) {}

    /** The trace told so far, or null if this narrator keeps none. */
    default TraceImpl trace() {
        return null;
    }
}
