package dev.lockstep.internal.hook;

/**
 * What code instrumented by the Lockstep agent calls: one static method per kind of operation the explorer must see
 * (a field or array access, a monitor, a call into {@code java.util.concurrent}, a wait, a loop's back edge). Each
 * passes the operation to the probe scheduling the calling thread, if there is one; otherwise it does nothing, or
 * does exactly what the instrumented instruction did.
 *
 * <p>Until an explorer exists in this JVM, every method costs one read of the plain static field {@link #on}: the JIT
 * may hoist it out of a loop, and nothing else runs. The field is written once, by {@link Hooks#arm()}, before the
 * explorer starts any thread; threads it starts see the write (thread start orders it), and threads that were
 * already running are not explored, so they need not see it.
 *
 * <p>{@code site} strings are written by the agent into the instrumented class as constants: the kind of access, the
 * class and member, and the source line ({@code Account.balance|Account.java:12}); only a traced run reads them.
 */
public final class Instrumented {
    /** Whether any probe exists in this JVM, or the agent's race detector. Plain on purpose; see the class comment. */
    static boolean on;

    static {
        // The agent's races option (it cannot call Lockstep: the JVM it joins may have none) is in its property.
        String agent = System.getProperty("lockstep.agent", "");
        if (("," + agent + ",").contains(",races,")) {
            global = new dev.lockstep.internal.race.GlobalRaces(System.err);
            Hooks.armForRaces();
            on = true;
        }
    }

    private Instrumented() {}

    private static Probe probe() {
        return Hooks.probeOf(Thread.currentThread());
    }

    /** Before {@code getfield} or {@code getstatic}; {@code owner} is the object, or the class of a static field. */
    public static void read(Object owner, String site) {
        if (on) {
            access(owner, -1, site, false);
        }
    }

    /** Before {@code putfield} or {@code putstatic}. */
    public static void write(Object owner, String site) {
        if (on) {
            access(owner, -1, site, true);
        }
    }

    /** Before an array load. */
    public static void readElement(Object array, int index, String site) {
        if (on) {
            access(array, index, site, false);
        }
    }

    /** Before an array store. */
    public static void writeElement(Object array, int index, String site) {
        if (on) {
            access(array, index, site, true);
        }
    }

    /** A scheduling point for the explorer, then the access for the race detector, if there is one. */
    private static void access(Object owner, int index, String site, boolean write) {
        Probe p = probe();
        RaceTracker r;
        if (p != null) {
            p.access(owner, index, site, write);
            r = p.races();
        } else {
            r = global;
        }
        if (r != null) {
            r.access(owner, index, site, write);
        }
    }

    /** Before a read of a volatile field: a scheduling point, and an acquire for the race detector. */
    public static void readVolatile(Object owner, String site) {
        if (on) {
            volatileAccess(owner, site, false);
        }
    }

    /** Before a write of a volatile field: a scheduling point, and a release for the race detector. */
    public static void writeVolatile(Object owner, String site) {
        if (on) {
            volatileAccess(owner, site, true);
        }
    }

    private static void volatileAccess(Object owner, String site, boolean write) {
        Probe p = probe();
        if (p != null) {
            p.access(owner, -1, site, write);
        }
        RaceTracker r = p != null ? p.races() : global;
        if (r != null) {
            r.volatileAccess(owner, site, write);
        }
    }

    /**
     * Before a read or write of a field the user declared a benign race ({@code BenignRace}, or the agent's
     * {@code benign=} option): a scheduling point still, but no race is reported on it.
     */
    public static void accessBenign(Object owner, String site, boolean write) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.access(owner, -1, site, write);
            }
        }
    }

    /**
     * Before a call on a JDK collection, which is not thread-safe: a scheduling point, and, for the race detector,
     * a read or write ({@code write}: the method changes it) of the collection's contents.
     */
    public static void use(Object collection, String site, boolean write) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.call(collection, site);
            }
            RaceTracker r = p != null ? p.races() : global;
            if (r != null && collection != null) {
                if (threadSafe(collection.getClass())) {
                    r.release(collection); // a concurrent or synchronized collection, called through its interface
                    r.acquireLater(collection);
                } else {
                    r.access(collection, CONTENTS, site, write);
                }
            }
        }
    }

    /** The index that stands for a collection's contents in {@link RaceTracker#access}. */
    public static final int CONTENTS = dev.lockstep.internal.race.Detector.CONTENTS;

    /** Whether a collection orders its own calls: {@code java.util.concurrent}'s, synchronized ones, legacy ones. */
    private static boolean threadSafe(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.util.concurrent.") || name.startsWith("java.util.Collections$Synchronized")
                || type == java.util.Vector.class || type == java.util.Stack.class
                || type == java.util.Hashtable.class;
    }

    /** The race detector of the calling thread: its probe's, or the JVM-wide one of the agent's {@code races} option. */
    static RaceTracker tracker() {
        return on ? tracker(probe()) : null;
    }

    /** The race detector of a thread whose probe is {@code p} (null: none). */
    private static RaceTracker tracker(Probe p) {
        return p != null ? p.races() : global;
    }

    /** The JVM-wide race detector, when the agent's {@code races} option asked for one; written once at start-up. */
    static volatile RaceTracker global;

    /** Before {@code monitorenter}, and at the start of a synchronized method (whose monitor the agent made explicit). */
    public static void monitorEnter(Object monitor, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.monitorEnter(monitor, site);
            }
            RaceTracker r = p != null ? p.races() : global;
            if (r != null) {
                r.acquireLater(monitor); // counts once the JVM's monitorenter, after this hook, has it
            }
        }
    }

    /** Before {@code monitorexit}. */
    public static void monitorExit(Object monitor) {
        if (on) {
            Probe p = probe();
            RaceTracker r = p != null ? p.races() : global;
            if (r != null) {
                r.release(monitor);
            }
            if (p != null) {
                p.monitorExit(monitor);
            }
        }
    }

    /**
     * Before a call that may synchronize with other threads: a method of a {@code java.util.concurrent} class,
     * {@code Thread.start/join}, {@code LockSupport.park/unpark}. {@code receiver} is the object called, or null for
     * a static method; {@code site} names the method.
     */
    public static void call(Object receiver, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.call(receiver, site);
            }
            RaceTracker r = p != null ? p.races() : global;
            if (r != null && receiver != null) {
                // Any call on a synchronizer may release or acquire: ordering every call on one object may hide a
                // race, never invent one. A thread started this way acquires what its starter released.
                r.release(receiver);
                r.acquireLater(receiver);
            }
        }
    }

    /** After {@code thread.join(...)} returned: when the thread ended, everything it did happens before. */
    public static void joined(Thread thread) {
        if (on && !thread.isAlive()) {
            RaceTracker r = tracker();
            if (r != null) {
                r.joined(thread);
            }
        }
    }

    /** After a call handed a task to another thread: the future it returned completes when {@code task} ends. */
    public static void linked(Object result, Object task) {
        Handoff h = on && result != null ? Handoff.of(task) : null;
        if (h != null) {
            RaceTracker r = tracker();
            if (r != null) {
                r.link(result, h.key());
            }
        }
    }

    /** After {@code task} was handed to {@code executor}: the executor's termination waits for the task's end. */
    public static void submitted(Object executor, Object task) {
        Handoff h = on && executor != null ? Handoff.of(task) : null;
        if (h != null) {
            RaceTracker r = tracker();
            if (r != null) {
                r.forward(h.key(), r.termination(executor));
            }
        }
    }

    /**
     * After a call that waits for {@code executor}'s tasks to end ({@code close}, {@code awaitTermination}, {@code
     * invokeAll}, {@code invokeAny}): what its tasks did happens before.
     */
    public static void awaited(Object executor) {
        if (on && executor != null) {
            RaceTracker r = tracker();
            if (r != null) {
                r.acquire(r.termination(executor));
            }
        }
    }

    /**
     * After {@code lock.newCondition()} (an await gives {@code lock} up and takes it back, inside the JDK), or {@code
     * readWriteLock.readLock()} and {@code writeLock()} (both views share one lock): releases into the view go into
     * the lock, and acquires of the view acquire the lock.
     */
    public static void conditionOf(Object condition, Object lock) {
        if (on && condition != null) {
            RaceTracker r = tracker();
            if (r != null) {
                r.forward(condition, lock);
                r.link(condition, lock);
            }
        }
    }

    /** After a lock method of {@code lock} returned {@code true} (or returned, for {@code lock()}): it is held. */
    public static boolean locked(boolean acquired, Object lock) {
        if (on && acquired) {
            locked(lock);
        }
        return acquired;
    }

    /** After {@code lock.lock()} or {@code lockInterruptibly()} returned. */
    public static void locked(Object lock) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.acquired(lock);
            }
            RaceTracker r = p != null ? p.races() : global;
            if (r != null) {
                r.acquire(lock);
            }
        }
    }

    /** Before {@code lock.unlock()}. */
    public static void unlocking(Object lock) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.released(lock);
            }
            RaceTracker r = p != null ? p.races() : global;
            if (r != null) {
                r.release(lock);
            }
        }
    }

    /** In place of {@code o.wait()}. */
    public static void waitOn(Object o) throws InterruptedException {
        RaceTracker r = waiting(o);
        try {
            if (!on || !objectWait(o, 0L)) {
                o.wait();
            }
        } finally {
            woken(r, o);
        }
    }

    /** Before {@code o.wait}: it gives the monitor up, a release; returns the tracker to tell of the re-acquire. */
    private static RaceTracker waiting(Object o) {
        RaceTracker r = tracker();
        if (r != null) {
            r.release(o);
        }
        return r;
    }

    private static void woken(RaceTracker r, Object o) {
        if (r != null) {
            r.acquire(o); // the wait returned holding the monitor again
        }
    }

    /** In place of {@code o.wait(millis)}. */
    public static void waitOn(Object o, long millis) throws InterruptedException {
        if (millis < 0) {
            o.wait(millis); // the JDK's own IllegalArgumentException
        }
        RaceTracker r = waiting(o);
        try {
            if (!on || !objectWait(o, millis == 0 ? 0L : saturatedMillis(millis))) {
                o.wait(millis);
            }
        } finally {
            woken(r, o);
        }
    }

    /** In place of {@code o.wait(millis, nanos)}. */
    public static void waitOn(Object o, long millis, int nanos) throws InterruptedException {
        if (millis < 0 || nanos < 0 || nanos > 999_999) {
            o.wait(millis, nanos); // the JDK's own IllegalArgumentException
        }
        long total = saturatedMillis(millis);
        total = total + nanos < 0 ? Long.MAX_VALUE : total + nanos;
        RaceTracker r = waiting(o);
        try {
            if (!on || !objectWait(o, total)) {
                o.wait(millis, nanos);
            }
        } finally {
            woken(r, o);
        }
    }

    private static long saturatedMillis(long millis) {
        return millis > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000;
    }

    private static boolean objectWait(Object o, long nanos) throws InterruptedException {
        Probe p = probe();
        return p != null && p.objectWait(o, nanos);
    }

    /** In place of {@code o.notify()}. */
    public static void notify(Object o) {
        Probe p = on ? probe() : null;
        if (p == null || !p.objectNotify(o, false)) {
            o.notify();
        }
    }

    /** In place of {@code o.notifyAll()}. */
    public static void notifyAll(Object o) {
        Probe p = on ? probe() : null;
        if (p == null || !p.objectNotify(o, true)) {
            o.notifyAll();
        }
    }

    /** In place of {@code t.interrupt()}. */
    public static void interrupt(Thread t) {
        Probe p = on ? probe() : null;
        if (p == null || !p.interrupt(t)) {
            t.interrupt();
        }
    }

    /** In place of {@code LockSupport.park()}: a scheduling point, then the park, unless it returns spuriously. */
    public static void park(String site) {
        if (!spurious(null, site)) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }

    /** In place of {@code LockSupport.park(blocker)}; see {@link #park(String)}. */
    public static void park(Object blocker, String site) {
        if (!spurious(blocker, site)) {
            java.util.concurrent.locks.LockSupport.park(blocker);
        }
    }

    /** The scheduling point of a wait, and whether the explorer makes it return at once, spuriously. */
    private static boolean spurious(Object receiver, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.call(receiver, site);
                return p.spuriousWakeup();
            }
        }
        return false;
    }

    /** In place of {@code System.nanoTime()}: the explorer's virtual time for a thread it runs. */
    public static long nanoTime() {
        return on ? Hooks.nanoTime() : System.nanoTime();
    }

    /** In place of {@code System.currentTimeMillis()}: virtual for a thread the explorer runs, from a fixed epoch. */
    public static long currentTimeMillis() {
        if (on) {
            long virtual = Hooks.virtualNanos(Thread.currentThread());
            if (virtual != Long.MIN_VALUE) {
                return VIRTUAL_EPOCH_MILLIS + virtual / 1_000_000;
            }
        }
        return System.currentTimeMillis();
    }

    /** In place of {@code Instant.now()}. */
    public static java.time.Instant instantNow() {
        if (on) {
            long virtual = Hooks.virtualNanos(Thread.currentThread());
            if (virtual != Long.MIN_VALUE) {
                return java.time.Instant.ofEpochMilli(VIRTUAL_EPOCH_MILLIS).plusNanos(virtual);
            }
        }
        return java.time.Instant.now();
    }

    /** In place of {@code Clock.systemUTC()}: a clock that reads {@link #instantNow()}. */
    public static java.time.Clock systemUTC() {
        return on ? VirtualAware.UTC : java.time.Clock.systemUTC();
    }

    /** In place of {@code Clock.systemDefaultZone()}. */
    public static java.time.Clock systemDefaultZone() {
        return on ? VirtualAware.UTC.withZone(java.time.ZoneId.systemDefault()) : java.time.Clock.systemDefaultZone();
    }

    /** Milliseconds since the epoch at virtual time 0: a fixed instant, so that a replay reads the same times. */
    public static final long VIRTUAL_EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** A {@link java.time.Clock} that reads the explorer's time for the threads it runs, real time for others. */
    private static final class VirtualAware extends java.time.Clock {
        static final VirtualAware UTC = new VirtualAware(java.time.ZoneOffset.UTC);
        private final java.time.ZoneId zone;

        VirtualAware(java.time.ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public java.time.ZoneId getZone() {
            return zone;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId z) {
            return new VirtualAware(z);
        }

        @Override
        public java.time.Instant instant() {
            return instantNow();
        }

        @Override
        public long millis() {
            return currentTimeMillis();
        }
    }

    /**
     * In place of {@code Thread.sleep(millis)}: on the explorer's virtual time for a thread it runs (a scheduling
     * point, then a park until the virtual deadline); otherwise the JDK's sleep.
     */
    public static void sleep(long millis) throws InterruptedException {
        if (millis < 0 || !on || Hooks.probe() == null) {
            Thread.sleep(millis);
            return;
        }
        sleepNanos(millis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000);
    }

    /** In place of {@code Thread.sleep(Duration)}. */
    public static void sleep(java.time.Duration d) throws InterruptedException {
        if (!on || Hooks.probe() == null || d.isNegative()) {
            Thread.sleep(d);
            return;
        }
        sleepNanos(dev.lockstep.internal.Durations.saturatedNanos(d));
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        Probe p = probe();
        p.call(null, "Thread.sleep");
        long deadline = dev.lockstep.internal.Parking.deadline(nanos);
        dev.lockstep.internal.Parking.checkInterrupt(dev.lockstep.internal.Blockers.SLEEP);
        for (long left = nanos; left > 0; left = deadline - Hooks.nanoTime()) {
            Hooks.parkNanos(dev.lockstep.internal.Blockers.SLEEP, left);
            if (Thread.interrupted()) {
                throw new InterruptedException("sleep interrupted");
            }
        }
    }

    // ---- tasks handed to other threads: the race detector's happens-before edges through executors ----------------

    /** In place of a {@code Runnable} argument of a call that runs it on another thread (an executor, a thread). */
    public static Runnable handoff(Runnable task) {
        if (task == null || task instanceof java.util.concurrent.Future || !on) {
            return task;
        }
        Probe here = probe(); // once: both the detector and the count hang off it
        RaceTracker r = tracker(here);
        Pending p = pending(here);
        return r == null && p == null ? task : new Handoff.OfRunnable(r, p, task);
    }

    /** The count of hand-offs of the run of a thread whose probe is {@code p}, or null if it is not explored. */
    private static Pending pending(Probe p) {
        return p == null ? null : p.handoffs();
    }

    /** In place of a {@code Callable} argument; see {@link #handoff(Runnable)}. */
    public static java.util.concurrent.Callable<?> handoff(java.util.concurrent.Callable<?> task) {
        if (task == null || !on) {
            return task;
        }
        Probe here = probe(); // once: both the detector and the count hang off it
        RaceTracker r = tracker(here);
        Pending p = pending(here);
        return r == null && p == null ? task : new Handoff.OfCallable(r, p, task);
    }

    /** In place of a {@code Supplier} argument ({@code CompletableFuture.supplyAsync}). */
    public static java.util.function.Supplier<?> handoff(java.util.function.Supplier<?> task) {
        if (task == null || !on) {
            return task;
        }
        Probe here = probe(); // once: both the detector and the count hang off it
        RaceTracker r = tracker(here);
        Pending p = pending(here);
        return r == null && p == null ? task : new Handoff.OfSupplier(r, p, task);
    }

    /** In place of a {@code Function} argument ({@code thenApply}, {@code handle}). */
    public static java.util.function.Function<?, ?> handoff(java.util.function.Function<?, ?> task) {
        RaceTracker r = task == null ? null : tracker();
        return r == null ? task : new Handoff.OfFunction(r, task);
    }

    /** In place of a {@code Consumer} argument ({@code thenAccept}). */
    public static java.util.function.Consumer<?> handoff(java.util.function.Consumer<?> task) {
        RaceTracker r = task == null ? null : tracker();
        return r == null ? task : new Handoff.OfConsumer(r, task);
    }

    /** In place of a {@code BiFunction} argument ({@code thenCombine}, {@code handle}). */
    public static java.util.function.BiFunction<?, ?, ?> handoff(java.util.function.BiFunction<?, ?, ?> task) {
        RaceTracker r = task == null ? null : tracker();
        return r == null ? task : new Handoff.OfBiFunction(r, task);
    }

    /** In place of a {@code BiConsumer} argument ({@code whenComplete}). */
    public static java.util.function.BiConsumer<?, ?> handoff(java.util.function.BiConsumer<?, ?> task) {
        RaceTracker r = task == null ? null : tracker();
        return r == null ? task : new Handoff.OfBiConsumer(r, task);
    }

    /**
     * In place of a callback argument of another functional interface of {@code java.util.function} (a {@code
     * ConcurrentHashMap.compute} remapping, an {@code invokeAll} task list's mapper): a proxy of the same interface
     * that orders its calls, as {@link #handoff(Runnable)} does.
     */
    public static Object handoffAny(Object callback, Class<?> type) {
        RaceTracker r = callback == null || !type.isInterface() ? null : tracker();
        return r == null ? callback : Handoff.proxy(r, callback, type, null);
    }

    /**
     * In place of a callback of a stream operation: a proxy whose calls, on whatever worker of a parallel stream,
     * release into one key of the calling thread, which it acquires when each stream call returns ({@link
     * #returnedFrom}): a terminal operation returns after every callback of its pipeline ran.
     */
    public static Object handoffToStream(Object callback, Class<?> type) {
        RaceTracker r = callback == null || !type.isInterface() ? null : tracker();
        return r == null ? callback : Handoff.proxy(r, callback, type, STREAM_KEY.get());
    }

    /** In place of a callback of a method that runs it before returning, ordered by {@code key} (its receiver). */
    public static Object handoffKeyed(Object callback, Class<?> type, Object key) {
        if ((key instanceof java.util.Collection || key instanceof java.util.Map) && !threadSafe(key.getClass())) {
            return callback; // a plain HashMap's compute orders nothing: its contents are checked as accesses
        }
        RaceTracker r = callback == null || !type.isInterface() ? null : tracker();
        return r == null ? callback : Handoff.proxy(r, callback, type, key);
    }

    /** In place of the tasks of {@code invokeAll} or {@code invokeAny}: a list of them, each wrapped, in order. */
    public static java.util.Collection<?> handoffAll(java.util.Collection<?> tasks) {
        if (tasks == null || !on) {
            return tasks;
        }
        Probe here = probe(); // once: both the detector and the count hang off it
        RaceTracker r = tracker(here);
        Pending p = pending(here);
        if (r == null && p == null) {
            return tasks;
        }
        java.util.List<Object> out = new java.util.ArrayList<>(tasks.size());
        for (Object t : tasks) {
            out.add(t instanceof java.util.concurrent.Callable<?> c ? new Handoff.OfCallable(r, p, c) : t);
        }
        return out;
    }

    /** After {@code invokeAll} or {@code invokeAny} returned: what each task (wrapped) did happens before. */
    public static void returnedFromAll(Object tasks) {
        if (on && tasks instanceof java.util.Collection<?> c) {
            for (Object t : c) {
                returnedFrom(t);
            }
        }
    }

    /** The key the stream callbacks of a thread release into. */
    private static final ThreadLocal<Object> STREAM_KEY = ThreadLocal.withInitial(Object::new);

    /** After a call that ran {@code callback} (wrapped) before it returned: what the callback did happens before. */
    public static void returnedFrom(Object callback) {
        if (on) {
            Handoff h = Handoff.of(callback);
            RaceTracker r = h == null ? null : tracker();
            if (r != null) {
                r.acquire(h.key());
            }
        }
    }

    /** At a loop's back edge: a step, so that a task spinning without any other scheduling point is preempted. */
    public static void backEdge() {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.backEdge();
            }
        }
    }
}
