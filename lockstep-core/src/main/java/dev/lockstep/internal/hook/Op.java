package dev.lockstep.internal.hook;

/** The operations of Lockstep's primitives and runtime that a {@link Probe} hears about, named as the API names them. */
public enum Op {
    LOCK("lock"), TRY_LOCK("tryLock"), UNLOCK("unlock"),
    ACQUIRE("acquire"), TRY_ACQUIRE("tryAcquire"), RELEASE("release"),
    AWAIT("await"), SIGNAL("signal"), SIGNAL_ALL("signalAll"),
    SET("set"), CLEAR("clear"),
    PUT("put"), OFFER("offer"), TAKE("take"), POLL("poll"), TASK_DONE("taskDone"), JOIN("join"),
    SHUTDOWN("shutdown"), SHUTDOWN_NOW("shutdownNow"),
    RESET("reset"), ABORT("abort"),
    YIELD("yield"), SLEEP("sleep"), SPAWN("spawn"), CANCEL("cancel");

    private final String label;

    Op(String label) {
        this.label = label;
    }

    /** The method name, as a trace prints it. */
    public String label() {
        return label;
    }
}
