package dev.lockstep.it;

import static dev.lockstep.it.Corpus.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * With the agent, threads the scenario's code creates are the explorer's tasks: platform threads ({@code new Thread},
 * subclasses, {@code Thread.ofPlatform()}), executors' workers and the common pool's. Their races are found and
 * replay; correct code that uses them passes, with no false DEADLOCK.
 */
// These programs race on plain fields on purpose, as most users' first bugs do: the scheduling they check is seen
// with the race detector off (races(false)); RacesIT checks the detector.
class ControlledThreadsIT {

    static final class Counter {
        int count;
    }

    private static Report explore(Scenario scenario) {
        return Explorer.builder().races(false).strategy(Strategy.pct(3)).seed(5).iterations(2000)
                .timeLimit(Duration.ofSeconds(30)).build().explore(scenario);
    }

    /** The failure, which must replay to the same failure and trace. */
    private static Failure foundAndReplayed(Scenario scenario, String expected) {
        Report report = explore(scenario);
        Failure f = report.failure().orElseThrow(() -> new AssertionError("not found: " + report.summary()));
        assertEquals(Failure.Kind.ASSERTION, f.kind(), f.message());
        assertTrue(f.message().contains(expected), f.message());
        for (int i = 0; i < 3; i++) {
            Report again = Explorer.builder().races(false).build().replay(scenario, f.schedule());
            Failure g = again.failure().orElseThrow(() -> new AssertionError("did not replay: " + again.summary()));
            assertEquals(f.message(), g.message());
            assertEquals(f.trace().toText(), g.trace().toText());
        }
        return f;
    }

    private static void passes(Scenario scenario) {
        Report report = explore(scenario);
        assertFalse(report.failure().isPresent(), () -> report.summary());
    }

    @Test
    void platformThreadsRaceIsFoundAndReplays() {
        Failure f = foundAndReplayed(() -> {
            Counter c = new Counter();
            Thread a = Thread.ofPlatform().name("adder-1").start(() -> c.count++);
            Thread b = Thread.ofPlatform().name("adder-2").start(() -> c.count++);
            a.join();
            b.join();
            check(c.count == 2, "lost update: " + c.count);
        }, "lost update: 1");
        assertFalse(f.schedule().endsWith(":"), f.schedule());
        assertTrue(f.trace().toText().contains("adder-1"), f.trace().toText());
    }

    @Test
    void newThreadAndSubclassRaceIsFound() {
        foundAndReplayed(() -> {
            Counter c = new Counter();
            Thread a = new Thread(() -> c.count++);
            class Adder extends Thread {
                @Override
                public void run() {
                    c.count++;
                }
            }
            Thread b = new Adder();
            a.start();
            b.start();
            a.join();
            b.join();
            check(c.count == 2, "lost update: " + c.count);
        }, "lost update: 1");
    }

    /**
     * Two increments of a plain counter, submitted to a pool that the scenario makes: a lost update, unless the pool
     * runs them one after the other.
     */
    private static Scenario twoIncrementsThrough(Supplier<ExecutorService> make) {
        return () -> {
            Counter c = new Counter();
            try (ExecutorService pool = make.get()) {
                Future<?> a = pool.submit(() -> c.count++);
                Future<?> b = pool.submit(() -> c.count++);
                a.get();
                b.get();
            }
            check(c.count == 2, "lost update: " + c.count);
        };
    }

    @Test
    void fixedPoolRaceIsFound() {
        foundAndReplayed(twoIncrementsThrough(() -> Executors.newFixedThreadPool(2)), "lost update: 1");
    }

    @Test
    void completableFutureRunAsyncRaceIsFound() {
        foundAndReplayed(() -> {
            Counter c = new Counter();
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> c.count++);
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> c.count++);
            CompletableFuture.allOf(a, b).join();
            check(c.count == 2, "lost update: " + c.count);
        }, "lost update: 1");
    }

    @Test
    void correctCompletableFuturePasses() {
        passes(() -> {
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> 20);
            CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> 22);
            check(a.thenCombine(b, Integer::sum).join() == 42, "wrong sum");
        });
    }

    @Test
    void correctParallelSumPasses() {
        passes(() -> check(IntStream.rangeClosed(1, 100).parallel().sum() == 5050, "wrong sum"));
    }

    @Test
    void parallelStreamRaceIsFound() {
        foundAndReplayed(() -> {
            int[] sum = {0};
            IntStream.rangeClosed(1, 4).parallel().forEach(i -> sum[0] += i);
            check(sum[0] == 10, "lost add: " + sum[0]);
        }, "lost add");
    }

    @Test
    void cachedSingleAndDefaultFactoryPoolsAreControlled() {
        for (Supplier<ExecutorService> make : List.<Supplier<ExecutorService>>of(Executors::newCachedThreadPool,
                () -> new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>()),
                () -> Executors.newScheduledThreadPool(2))) {
            foundAndReplayed(twoIncrementsThrough(make), "lost update: 1");
        }
        // One thread runs the tasks one after the other: no race.
        passes(twoIncrementsThrough(Executors::newSingleThreadExecutor));
    }

    /** A recursive sum, forked and joined, as fork/join code is written. */
    static final class Sum extends java.util.concurrent.RecursiveTask<Long> {
        private final int lo;
        private final int hi;

        Sum(int lo, int hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected Long compute() {
            if (hi - lo <= 2) {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += i;
                }
                return s;
            }
            int mid = (lo + hi) / 2;
            Sum left = new Sum(lo, mid);
            left.fork();
            return new Sum(mid, hi).compute() + left.join();
        }
    }

    @Test
    void poolsOfEveryKindAreControlled() {
        passes(() -> {
            try (java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2)) {
                long sum = pool.invoke(new Sum(0, 16));
                check(sum == 120, "sum " + sum);
            }
        });
        passes(() -> {
            try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
                int sum = 0;
                for (Future<Integer> f : pool.invokeAll(List.<java.util.concurrent.Callable<Integer>>of(() -> 1,
                        () -> 2, () -> 3))) {
                    sum += f.get();
                }
                check(sum == 6, "sum " + sum);
            }
        });
        for (Supplier<ExecutorService> make : List.<Supplier<ExecutorService>>of(() -> Executors.newWorkStealingPool(2),
                () -> Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory()))) {
            foundAndReplayed(twoIncrementsThrough(make), "lost update: 1");
        }
    }

    @Test
    void nestedJoinsInTheCommonPoolAreNoDeadlock() {
        passes(() -> {
            CompletableFuture<Integer> outer = CompletableFuture.supplyAsync(() ->
                    CompletableFuture.supplyAsync(() -> 1).join() + CompletableFuture.supplyAsync(() -> 2).join());
            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> 3);
            check(outer.join() + other.join() == 6, "wrong sum");
        });
    }

    @Test
    void platformThreadsJoinInterruptAndStateActOnTheirStandIns() {
        passes(() -> {
            CountDownLatch started = new CountDownLatch(1);
            boolean[] interrupted = {false};
            Thread sleeper = new Thread(() -> {
                started.countDown();
                try {
                    Thread.sleep(Duration.ofHours(1));
                } catch (InterruptedException e) {
                    interrupted[0] = true;
                }
            }, "sleeper");
            check(sleeper.getState() == Thread.State.NEW, "not new: " + sleeper.getState());
            sleeper.start();
            started.await();
            check(sleeper.isAlive(), "not alive");
            check(!sleeper.join(Duration.ofMinutes(1)), "joined while it sleeps");
            sleeper.interrupt();
            sleeper.join();
            check(interrupted[0], "the interrupt did not reach it");
            check(!sleeper.isAlive() && sleeper.getState() == Thread.State.TERMINATED, "still alive");
        });
    }

    /** Fray's SynchronizedMethodDeadlock, as written there: platform threads, sleeps inside synchronized methods. */
    static final class Friend {
        private final String name;

        Friend(String name) {
            this.name = name;
        }

        synchronized void bow(Friend other) throws InterruptedException {
            Thread.sleep(10);
            other.bowBack(this);
        }

        synchronized void bowBack(Friend other) {
            check(other != this, name + " bows back to itself");
        }
    }

    @Test
    void sleepsInsideSynchronizedMethodsDeadlockAndReplayEveryTime() {
        Scenario s = () -> {
            Friend alphonse = new Friend("Alphonse");
            Friend gaston = new Friend("Gaston");
            Thread a = new Thread(() -> {
                try {
                    alphonse.bow(gaston);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread b = new Thread(() -> {
                try {
                    gaston.bow(alphonse);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            a.start();
            b.start();
            a.join();
            b.join();
        };
        Failure f = explore(s).failure().orElseThrow();
        assertEquals(Failure.Kind.DEADLOCK, f.kind(), f.message());
        assertTrue(f.message().contains("Friend#"), f.message());
        for (int i = 0; i < 8; i++) {
            Failure g = Explorer.builder().races(false).build().replay(s, f.schedule()).failure().orElseThrow();
            assertEquals(f.message(), g.message());
            assertEquals(f.trace().toText(), g.trace().toText());
        }
    }

    @Test
    void aPoolMadeBeforeTheScenarioIsReportedAsNondeterminismNamingItsThread() {
        ExecutorService outside = Executors.newFixedThreadPool(1, r -> new Thread(r, "library-worker"));
        try {
            outside.submit(() -> {}).get(); // its thread is started here, outside any exploration
            Report report = explore(() -> {
                Counter c = new Counter();
                outside.submit(() -> {
                    // Busy for a while in real time: still at work when every task of the run waits.
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                    while (System.nanoTime() - until < 0) {
                        Thread.onSpinWait();
                    }
                    c.count++;
                }).get();
                check(c.count == 1, "lost update");
            });
            Failure f = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
            assertEquals(Failure.Kind.NONDETERMINISM, f.kind(), f.message());
            assertTrue(f.message().contains("library-worker"), f.message());
            assertTrue(f.message().contains("ControlledThreadsIT.java"), f.message());
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            outside.shutdownNow();
        }
    }

    @Test
    void aTaskQueuedOnAPoolMadeBeforeTheScenarioIsAwaitedThenReportedAsNondeterminism() throws Exception {
        // The pool's one thread is asleep in real time when the run's tasks all wait: it is neither at work nor new,
        // yet the task queued for it will wake the run. That is control escaping, not a deadlock.
        ExecutorService outside = Executors.newSingleThreadExecutor(r -> new Thread(r, "sleepy-worker"));
        try {
            outside.submit(() -> {}).get();
            for (boolean races : new boolean[] {true, false}) {
                outside.submit(() -> {
                    try {
                        Thread.sleep(600); // longer than the grace the explorer gives a new thread
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                Report report = Explorer.builder().strategy(Strategy.random()).iterations(5).races(races)
                        .timeLimit(Duration.ofSeconds(30)).build().explore(() -> {
                            Counter c = new Counter();
                            outside.submit(() -> c.count++).get();
                            check(c.count == 1, "lost update");
                        });
                Failure f = report.failure().orElseThrow(() -> new AssertionError(report.summary()));
                assertEquals(Failure.Kind.NONDETERMINISM, f.kind(), f.message());
                assertTrue(f.message().contains("sleepy-worker"), f.message());
            }
        } finally {
            outside.shutdownNow();
        }
    }
}
