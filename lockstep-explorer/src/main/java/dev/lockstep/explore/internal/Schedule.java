package dev.lockstep.explore.internal;

import java.util.Arrays;

/**
 * The decisions of one run, immutable: which task was chosen at each scheduling point that had a choice, and whether
 * that was a preemption. Its string form is what users copy into {@code replay}: {@code 1:} (the format version), then
 * the task ids separated by dots, with {@code id*k} for k decisions in a row for the same task, e.g.
 * {@code 1:0*3.1.2*2.0}.
 */
public final class Schedule {
    private static final String VERSION = "1:";
    /** The task chosen at each decision. */
    private final int[] chosen;
    /** The task that had run last and could have gone on at each decision, or -1 if none could. */
    private final int[] last;
    private final int preemptions;

    private Schedule(int[] chosen, int[] last) {
        this.chosen = chosen;
        this.last = last;
        int p = 0;
        for (int i = 0; i < chosen.length; i++) {
            if (isPreemption(i)) {
                p++;
            }
        }
        this.preemptions = p;
    }

    public int size() {
        return chosen.length;
    }

    public int preemptions() {
        return preemptions;
    }

    /** The chosen task ids (a copy). */
    public int[] tasks() {
        return chosen.clone();
    }

    /** Whether decision {@code i} was a preemption. */
    public boolean isPreemption(int i) {
        return last[i] >= 0 && last[i] != chosen[i];
    }

    /** The task that could have gone on at decision {@code i}, or -1. */
    public int lastAt(int i) {
        return last[i];
    }

    /** The string form, e.g. {@code 1:0*3.1.2*2.0}. */
    public String encode() {
        return encode(chosen);
    }

    public static String encode(int[] tasks) {
        StringBuilder sb = new StringBuilder(VERSION);
        for (int i = 0; i < tasks.length; ) {
            int j = i;
            while (j < tasks.length && tasks[j] == tasks[i]) {
                j++;
            }
            if (i > 0) {
                sb.append('.');
            }
            sb.append(tasks[i]);
            if (j - i > 1) {
                sb.append('*').append(j - i);
            }
            i = j;
        }
        return sb.toString();
    }

    /**
     * Parses the string form.
     *
     * @throws IllegalArgumentException with the position and the problem if it is not a schedule
     */
    public static int[] decode(String text) {
        if (text == null) {
            throw new NullPointerException("schedule must not be null");
        }
        String s = text.strip();
        if (!s.startsWith(VERSION)) {
            throw new IllegalArgumentException("not a Lockstep schedule (it must start with \"" + VERSION + "\"): \""
                    + abbreviate(s) + "\"");
        }
        s = s.substring(VERSION.length());
        int[] out = new int[16];
        int n = 0;
        if (s.isEmpty()) {
            return new int[0];
        }
        for (String part : s.split("\\.", -1)) {
            int star = part.indexOf('*');
            int task;
            int count = 1;
            try {
                task = Integer.parseInt(star < 0 ? part : part.substring(0, star));
                if (star >= 0) {
                    count = Integer.parseInt(part.substring(star + 1));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a Lockstep schedule: bad entry \"" + part + "\" in \""
                        + abbreviate(text) + "\"");
            }
            if (task < 0 || count < 1 || count > 10_000_000) {
                throw new IllegalArgumentException("not a Lockstep schedule: bad entry \"" + part + "\"");
            }
            while (n + count > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            Arrays.fill(out, n, n + count, task);
            n += count;
        }
        return Arrays.copyOf(out, n);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** Records the decisions of a run as they are made; {@link #build()} freezes them. */
    static final class Recorder {
        private int[] chosen = new int[32];
        private int[] last = new int[32];
        private int size;

        /** {@code task} ran; {@code lastTask} had run last and could have gone on (-1 if none could). */
        void add(int task, int lastTask) {
            if (size == chosen.length) {
                chosen = Arrays.copyOf(chosen, size * 2);
                last = Arrays.copyOf(last, size * 2);
            }
            chosen[size] = task;
            last[size] = lastTask;
            size++;
        }

        Schedule build() {
            return new Schedule(Arrays.copyOf(chosen, size), Arrays.copyOf(last, size));
        }
    }
}
