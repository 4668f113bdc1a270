package dev.lockstep.explore.internal;

/**
 * What an exploration can see, and so what its verdict holds for: without the Lockstep agent, the operations of
 * Lockstep's primitives and wherever a task blocks (parks, sleeps, joins, waits); with it, also the monitors, the
 * {@code java.util.concurrent} calls and (unless {@code fields=none}) the field and array accesses of the classes it
 * instrumented, and the threads the scenario's tasks start.
 *
 * @param agent whether the agent is attached to this JVM
 * @param fields whether it makes field and array accesses scheduling points
 * @param races whether runs detect data races on those accesses
 * @param threads whether it puts the platform threads that tasks start under the explorer's control
 */
public record Model(boolean agent, boolean fields, boolean threads, boolean races) {
    /** The system property the agent sets to its options. */
    static final String AGENT_PROPERTY = "lockstep.agent";

    /** The model of this JVM. */
    public static Model current() {
        String options = System.getProperty(AGENT_PROPERTY);
        return new Model(options != null, options != null && !options.contains("fields=none"),
                options != null && options.contains("threads=controlled"), false);
    }

    /** The model of an exploration that detects data races if {@code races} and the agent shows it the fields. */
    public static Model current(boolean races) {
        Model m = current();
        return new Model(m.agent, m.fields, m.threads, races && m.fields);
    }

    /** In words, for reports. */
    public String describe() {
        if (!agent) {
            return "Lockstep primitives and blocking calls";
        }
        return "Lockstep primitives and blocking calls, plus locks, monitors" + (fields ? " and shared fields" : "")
                + " of instrumented classes" + (threads ? ", and the platform threads, executors and common-pool work"
                + " that the scenario's tasks start" : "")
                + (races ? "; data races among those accesses fail a run (happens-before, from every synchronization"
                + " listed)" : "");
    }
}
