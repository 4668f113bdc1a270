package dev.lockstep.bench;

import dev.lockstep.sync.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The data behind the queues' throughput gap under contention: who gets a freed slot. Two platform putters fill a
 * queue of 16 while one taker empties it; the first half of the items taken record which putter each came from. A
 * strictly FIFO queue gives a freed slot to the putter that has waited longest, so the putters alternate in short
 * runs; a queue with an unfair lock lets the putter that is running take the slot again and again. Counts, not times.
 * (The same probe on locks measures mostly the operating system here: on a shared 2-core machine one of two threads is
 * often not running at all, and the other then runs alone whatever the lock's policy.)
 */
public final class FairnessProbe {
    private FairnessProbe() {}

    /**
     * Of {@code acquisitions}: the median run (how many in a row one thread got, over all runs), the share of
     * acquisitions that came in runs of at most 2 (hand-overs while both contend), and the longest run.
     */
    public record Result(String what, long acquisitions, long medianRun, double shortRunShare, long longestRun) {}

    interface Queue {
        void put(Integer item) throws InterruptedException;

        Integer take() throws InterruptedException;
    }

    /** Two putters into a full queue of 16, one taker: runs of items from the same putter, in the order taken. */
    static Result queue(String what, int ops, Queue q) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(2);
        List<Thread> putters = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Integer me = t;
            putters.add(Thread.ofPlatform().start(() -> {
                try {
                    start.countDown();
                    start.await();
                    for (int i = 0; i < ops; i++) {
                        q.put(me);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Runs runs = new Runs(ops);
        for (int i = 0; i < 2 * ops; i++) {
            runs.record(q.take()); // one taker: no lock needed
        }
        for (Thread t : putters) {
            t.join();
        }
        return runs.result(what);
    }

    /**
     * The putter sequence's statistics over the first {@code window} items; written by the one taker only. After the
     * window one putter may have finished, and the other then runs alone: not contention.
     */
    private static final class Runs {
        final long window;
        long count;
        long run;
        long[] runs = new long[1024];
        int nRuns;
        int last = -1;

        Runs(long window) {
            this.window = window;
        }

        void record(int who) {
            if (count == window) {
                return;
            }
            count++;
            if (who != last && run > 0) {
                close();
            }
            last = who;
            run++;
        }

        private void close() {
            if (nRuns == runs.length) {
                runs = java.util.Arrays.copyOf(runs, nRuns * 2);
            }
            runs[nRuns++] = run;
            run = 0;
        }

        Result result(String what) {
            if (run > 0) {
                close();
            }
            long[] sorted = java.util.Arrays.copyOf(runs, nRuns);
            java.util.Arrays.sort(sorted);
            long inShort = 0;
            for (long r : sorted) {
                inShort += r <= 2 ? r : 0;
            }
            return new Result(what, count, sorted[nRuns / 2], (double) inShort / count, sorted[nRuns - 1]);
        }
    }

    /** Both queues, {@code ops} items per putter. */
    public static List<Result> all(int ops) throws InterruptedException {
        List<Result> out = new ArrayList<>();
        WorkQueue<Integer> wq = WorkQueue.fifo(16);
        out.add(queue("WorkQueue (Lockstep), putters", ops, new Queue() {
            public void put(Integer item) throws InterruptedException {
                wq.put(item);
            }

            public Integer take() throws InterruptedException {
                return wq.take();
            }
        }));
        ArrayBlockingQueue<Integer> abq = new ArrayBlockingQueue<>(16);
        out.add(queue("ArrayBlockingQueue, putters", ops, new Queue() {
            public void put(Integer item) throws InterruptedException {
                abq.put(item);
            }

            public Integer take() throws InterruptedException {
                return abq.take();
            }
        }));
        return out;
    }
}
