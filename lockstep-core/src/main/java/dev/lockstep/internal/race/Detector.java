package dev.lockstep.internal.race;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A happens-before data-race detector: vector clocks with FastTrack's epochs (Flanagan and Freund, PLDI 2009). Every
 * task has a clock; every synchronization object has one that releases join into and acquires join from; every
 * shared variable remembers its last write as an epoch (task, time) and its reads as one epoch, or a clock once
 * concurrent readers share it. An access that is not ordered after a conflicting one is a race.
 *
 * <p>Not thread-safe: the explorer calls it from the one task it runs at a time; {@link GlobalRaces} holds a lock.
 */
public final class Detector {

    /*
     * Overview
     *
     * Time: task t's clock C_t[t] starts at 1 and grows by one at each release, so an epoch c@u is "before t" iff
     * c <= C_t[u]. Happens-before edges are joins: release(o) does L_o := L_o ⊔ C_t, then C_t[t]++; acquire(o) does
     * C_t := C_t ⊔ L_o. Fork copies the parent's clock; join and hand-off join a task's clock directly.
     *
     * Hooks run BEFORE the operation they report. A release reported early is still sound (the writes before the
     * hook are before the release). An acquire reported early is not (the releaser may release after the hook but
     * before the acquire completes), so acquires that come from a hook before the call are deferred: they apply at
     * the task's next event, which comes after the call returned. Joining later can only order more, never less:
     * it may hide a race, never invent one.
     *
     * Variable state, per (object, field) or (array, index):
     *   W = last write epoch;  R = last read epoch  --concurrent read-->  R = read clock (one entry per task)
     *   a write resets R to empty.
     */

    /** A task's side: its clock and the acquires it has yet to apply. */
    public static final class Task {
        final int id;
        final String name;
        int[] clock;
        private Object[] pending = new Object[2];
        private int npending;

        Task(int id, String name) {
            this.id = id;
            this.name = name;
            this.clock = new int[id + 1];
            clock[id] = 1;
        }

        /** The task's name, as reports show it. */
        public String name() {
            return name;
        }
    }

    /** A synchronization object's clock (also a volatile field's: its variable is its sync object). */
    private static final class SyncClock {
        int[] clock = new int[0];
        /** The object whose clock an acquire of this one also joins (a future's task), or null. */
        Object alias;
        /** The objects every release into this one also goes into (a task's executor, a condition's lock). */
        Object[] forward;
    }

    /** One variable's FastTrack state; the sites and tasks of the accesses it remembers, for the report. */
    private static final class Var {
        int wTask = -1;
        int wTime;
        String wSite;
        int rTask = -1;
        int rTime;
        String rSite;
        /** Read times by task once reads are concurrent, else null. */
        int[] reads;
        String[] readSites;
    }

    /** The index that stands for a whole collection's contents (the JDK's collections are not instrumented inside). */
    public static final int CONTENTS = -2;

    private final WeakIdentityMap<SyncClock> syncs;
    /** Each executor's termination: what its tasks release at their end, and what awaiting it acquires. */
    private final WeakIdentityMap<Object> terminations;
    private final Shadows<Var> vars;
    private final ArrayList<Task> tasks = new ArrayList<>();
    /** The member part of each site, by site: a field's variable is the same on every line that names it. */
    private final HashMap<String, String> members = new HashMap<>();
    private final HashMap<String, String> canonical = new HashMap<>();
    /** A few frames of the first execution of each site. */
    private final HashMap<String, List<StackTraceElement>> siteFrames = new HashMap<>();
    /** The member that stands for a collection's contents, by its class. */
    private final HashMap<Class<?>, String> contents = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    /** @param weak whether to let go of objects the program no longer holds (a detector that outlives one run) */
    public Detector(boolean weak) {
        this.syncs = new WeakIdentityMap<>(weak);
        this.vars = new Shadows<>(weak);
        this.terminations = new WeakIdentityMap<>(weak);
    }

    /** The stand-in for {@code executor}'s termination, the same object for one executor. */
    public Object termination(Object executor) {
        return terminations.computeIfAbsent(executor, k -> new Object());
    }

    /** A new task with id {@code id} (ids are small and dense: they index clocks). */
    public Task task(int id, String name) {
        Task t = new Task(id, name);
        while (tasks.size() <= id) {
            tasks.add(null);
        }
        tasks.set(id, t);
        return t;
    }

    /** {@code parent} starts {@code child}: everything the parent did so far happens before the child's first step. */
    public void fork(Task parent, Task child) {
        inherit(child, parent);
        tick(parent);
    }

    /** {@code t} returns from joining {@code other}: everything {@code other} did happens before. */
    public void joinTask(Task t, Task other) {
        settle(t);
        t.clock = join(t.clock, other.clock);
    }

    /** {@code from} wakes {@code to} (an unpark): what {@code from} did so far happens before {@code to} goes on. */
    public void handoff(Task from, Task to) {
        inherit(to, from);
        tick(from);
    }

    /**
     * {@code to} joins {@code from}'s clock and the acquires {@code from} deferred, which stay deferred: a start or
     * a wake-up happens inside a call of {@code from} (the JDK's), before the call returns and its acquire counts.
     */
    private void inherit(Task to, Task from) {
        to.clock = join(to.clock, from.clock);
        for (int i = 0; i < from.npending; i++) {
            joinFrom(to, from.pending[i]);
        }
    }

    /** {@code t} releases {@code sync}: what it did so far happens before the next acquire of {@code sync}. */
    public void release(Task t, Object sync) {
        settle(t);
        SyncClock s = syncs.computeIfAbsent(sync, k -> new SyncClock());
        s.clock = join(s.clock, t.clock);
        if (s.forward != null) {
            for (Object f : s.forward) {
                SyncClock into = syncs.computeIfAbsent(f, k -> new SyncClock());
                into.clock = join(into.clock, t.clock);
            }
        }
        tick(t);
    }

    /**
     * Every release into {@code from}, those before and those to come, also releases into {@code into}: a task
     * handed to an executor ends before the executor's termination returns; a condition's await gives up its lock.
     */
    public void forward(Object from, Object into) {
        if (from == null || into == null || from == into) {
            return;
        }
        SyncClock s = syncs.computeIfAbsent(from, k -> new SyncClock());
        if (s.forward == null) {
            s.forward = new Object[] {into};
        } else if (!Arrays.asList(s.forward).contains(into)) {
            s.forward = Arrays.copyOf(s.forward, s.forward.length + 1);
            s.forward[s.forward.length - 1] = into;
        }
        SyncClock i = syncs.computeIfAbsent(into, k -> new SyncClock());
        i.clock = join(i.clock, s.clock);
    }

    /** {@code t} has acquired {@code sync}. */
    public void acquire(Task t, Object sync) {
        settle(t);
        joinFrom(t, sync);
    }

    /** {@code t} is about to call an operation that acquires {@code sync}: the acquire applies at its next event. */
    public void acquireLater(Task t, Object sync) {
        if (t.npending == t.pending.length) {
            t.pending = Arrays.copyOf(t.pending, t.npending * 2);
        }
        t.pending[t.npending++] = sync;
    }

    /** An acquire of {@code result} (a future) also acquires what {@code token} (the task that completes it) released. */
    public void link(Object result, Object token) {
        if (result != null && result != token) {
            syncs.computeIfAbsent(result, k -> new SyncClock()).alias = token;
        }
    }

    /** A volatile read or write of {@code owner}'s field: a release or an acquire of the field itself. */
    public void volatileAccess(Task t, Object owner, String site, boolean write) {
        Var v = var(owner, member(site), -1);
        if (write) {
            release(t, v);
        } else {
            acquireLater(t, v);
        }
    }

    /**
     * {@code t} is about to read or write field {@code site} of {@code owner} ({@code index} -1), or element
     * {@code index} of array {@code owner}.
     *
     * @return the race this access makes, the first time its pair of sites races; else null
     */
    public Race access(Task t, Object owner, int index, String site, boolean write) {
        settle(t);
        String member = member(site);
        if (index == CONTENTS) {
            member = contents.computeIfAbsent(owner.getClass(), c -> c.getSimpleName() + " contents");
            index = -1;
        }
        Var v = var(owner, member, index);
        int[] c = t.clock;
        int now = c[t.id];
        Race race = null;
        if (write) {
            if (v.wTask == t.id && v.wTime == now) {
                return null; // same epoch: nothing new
            }
            if (v.wTask >= 0 && v.wTime > at(c, v.wTask)) {
                race = race(v.wTask, true, v.wSite, t, true, site, member, index);
            }
            if (v.reads != null) {
                for (int u = 0; u < v.reads.length && race == null; u++) {
                    if (v.reads[u] > at(c, u) && u != t.id) {
                        race = race(u, false, v.readSites[u], t, true, site, member, index);
                    }
                }
                v.reads = null;
                v.readSites = null;
            } else if (v.rTask >= 0 && v.rTask != t.id && v.rTime > at(c, v.rTask) && race == null) {
                race = race(v.rTask, false, v.rSite, t, true, site, member, index);
            }
            v.rTask = -1;
            v.wTask = t.id;
            v.wTime = now;
            v.wSite = site;
        } else {
            if (v.reads != null ? at(v.reads, t.id) == now : v.rTask == t.id && v.rTime == now) {
                return null; // same epoch
            }
            if (v.wTask >= 0 && v.wTask != t.id && v.wTime > at(c, v.wTask)) {
                race = race(v.wTask, true, v.wSite, t, false, site, member, index);
            }
            if (v.reads != null) {
                share(v, t.id, now, site);
            } else if (v.rTask < 0 || v.rTask == t.id || v.rTime <= at(c, v.rTask)) {
                v.rTask = t.id;
                v.rTime = now;
                v.rSite = site;
            } else { // a concurrent read: from an epoch to a clock
                share(v, v.rTask, v.rTime, v.rSite);
                share(v, t.id, now, site);
            }
        }
        return race != null && reported.add(race.key()) ? race : null;
    }

    private static void share(Var v, int task, int time, String site) {
        if (v.reads == null || v.reads.length <= task) {
            int n = Math.max(task + 1, v.reads == null ? 4 : v.reads.length * 2);
            v.reads = v.reads == null ? new int[n] : Arrays.copyOf(v.reads, n);
            v.readSites = v.readSites == null ? new String[n] : Arrays.copyOf(v.readSites, n);
        }
        v.reads[task] = time;
        v.readSites[task] = site;
    }

    private Race race(int otherTask, boolean otherWrite, String otherSite, Task t, boolean write, String site,
            String member, int index) {
        Task other = otherTask < tasks.size() ? tasks.get(otherTask) : null;
        String variable = index < 0 ? member : member + " element " + index;
        List<StackTraceElement> frames = frames();
        return new Race(variable,
                new Race.Access(other == null ? "task " + otherTask : other.name, otherWrite,
                        Race.location(otherSite), siteFrames.getOrDefault(otherSite, List.of())),
                new Race.Access(t.name, write, Race.location(site), frames));
    }

    /** A few frames of the calling thread's stack, from the racing access outwards, Lockstep's own left out. */
    private static List<StackTraceElement> frames() {
        return StackWalker.getInstance().walk(s -> s
                .filter(f -> !f.getClassName().startsWith("dev.lockstep.internal.")
                        && !f.getClassName().startsWith("dev.lockstep.explore.internal."))
                .limit(FRAMES).map(StackWalker.StackFrame::toStackTraceElement).toList());
    }

    /** How many frames a report shows of the access that revealed the race. */
    private static final int FRAMES = 4;

    private Var var(Object owner, String member, int index) {
        return vars.get(owner, index < 0 ? member : null, index < 0 ? -1 : index, Var::new);
    }

    /** The member a site names, canonical (one String per member, so that the shadows compare it by identity). */
    private String member(String site) {
        String m = members.get(site);
        if (m == null) {
            String parsed = Race.member(site);
            m = canonical.computeIfAbsent(parsed, k -> k);
            members.put(site, m);
            // The first time a site runs, a few frames of how it was reached: what a report shows for an earlier
            // access, whose own stack is gone by the time the race shows (once per site, not per access).
            siteFrames.put(site, frames());
        }
        return m;
    }

    /** Applies the acquires {@code t} deferred. */
    private void settle(Task t) {
        int n = t.npending;
        if (n != 0) {
            t.npending = 0;
            for (int i = 0; i < n; i++) {
                Object sync = t.pending[i];
                t.pending[i] = null;
                joinFrom(t, sync);
            }
        }
    }

    private void joinFrom(Task t, Object sync) {
        SyncClock s = syncs.get(sync);
        if (s != null) {
            t.clock = join(t.clock, s.clock);
            if (s.alias != null) {
                SyncClock a = syncs.get(s.alias);
                if (a != null) {
                    t.clock = join(t.clock, a.clock);
                }
            }
        }
    }

    private static void tick(Task t) {
        t.clock[t.id]++;
    }

    private static int at(int[] clock, int task) {
        return task < clock.length ? clock[task] : 0;
    }

    /** {@code into} joined with {@code from}, in {@code into} if it is long enough. */
    private static int[] join(int[] into, int[] from) {
        if (into.length < from.length) {
            into = Arrays.copyOf(into, from.length);
        }
        for (int i = 0; i < from.length; i++) {
            if (from[i] > into[i]) {
                into[i] = from[i];
            }
        }
        return into;
    }
}
