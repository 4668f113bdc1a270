package dev.lockstep.it;

import static dev.lockstep.it.Corpus.check;
import static dev.lockstep.it.Corpus.together;

import dev.lockstep.sync.BenignRace;
import dev.lockstep.sync.Event;
import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.WorkQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Data races as users write them, each naming the variable a report must name; and correct twins, one per
 * synchronization mechanism the detector must know, on which it must stay silent. Every racy program runs both of its
 * racing accesses in every schedule, and most of them pass their own assertion in most schedules: the race is there
 * even when the answer is right.
 */
final class RaceCorpus {
    private RaceCorpus() {}

    /** A racy program and the variable its report names. */
    record Racy(String name, String variable, Corpus.Program program) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A correct program, synchronized by {@code mechanism}. */
    record Twin(String mechanism, Corpus.Program program) {
        @Override
        public String toString() {
            return mechanism;
        }
    }

    static final class Counter {
        int value;
        long big;
        static int total;
    }

    static final class Box {
        int x;
    }

    static final class Holder {
        Box box;
        volatile Box published;
        boolean ready;
        volatile boolean flag;
        int payload;
        Object lazy;
    }

    static final class Singleton {
        private static Singleton instance;
        int state = 1;

        static Singleton get() {
            if (instance == null) { // double-checked locking without volatile: the first read is outside the lock
                synchronized (Singleton.class) {
                    if (instance == null) {
                        instance = new Singleton();
                    }
                }
            }
            return instance;
        }
    }

    static final class Immutable {
        final int a;
        final int[] values;

        Immutable(int a) {
            this.a = a;
            this.values = new int[] {a, a + 1};
        }
    }

    static final class Stats {
        @BenignRace("a hint read by a log line: a stale value is fine")
        int hits;
    }

    static List<Racy> racy() {
        return List.of(
                new Racy("unsynchronized counter", "RaceCorpus.Counter.value", () -> {
                    Counter c = new Counter();
                    together(() -> c.value++, () -> c.value++);
                }),
                new Racy("static counter", "RaceCorpus.Counter.total", () -> {
                    int before = Counter.total;
                    together(() -> Counter.total++, () -> Counter.total++);
                    check(Counter.total >= before, "went down");
                }),
                new Racy("counter in a loop", "RaceCorpus.Counter.value", () -> {
                    Counter c = new Counter();
                    Corpus.Program add = () -> {
                        for (int i = 0; i < 3; i++) {
                            c.value++;
                        }
                    };
                    together(add, add);
                }),
                new Racy("double-checked locking without volatile", "RaceCorpus.Singleton.instance", () -> {
                    synchronized (Singleton.class) {
                        Singleton.instance = null;
                    }
                    Singleton[] seen = new Singleton[2];
                    together(() -> seen[0] = Singleton.get(), () -> seen[1] = Singleton.get());
                }),
                new Racy("publication without a barrier", "RaceCorpus.Holder.box", () -> {
                    Holder h = new Holder();
                    together(() -> {
                        Box b = new Box();
                        b.x = 5;
                        h.box = b;
                    }, () -> {
                        Box b = h.box;
                        check(b == null || b.x == 5, "saw a box not yet initialised");
                    });
                }),
                new Racy("check-then-act on a HashMap", "HashMap contents", () -> {
                    Map<String, Integer> m = new HashMap<>();
                    Corpus.Program putOnce = () -> {
                        if (!m.containsKey("k")) {
                            m.put("k", 1);
                        }
                    };
                    together(putOnce, putOnce);
                }),
                new Racy("racy flag", "RaceCorpus.Holder.ready", () -> {
                    Holder h = new Holder();
                    together(() -> h.ready = true, () -> {
                        boolean seen = h.ready;
                        check(seen || !seen, "a boolean");
                    });
                }),
                new Racy("array element counter", "int[] element 0", () -> {
                    int[] counts = new int[2];
                    together(() -> counts[0]++, () -> counts[0]++);
                }),
                new Racy("array element written and read", "Object[] element 1", () -> {
                    Object[] slots = new Object[2];
                    together(() -> slots[1] = "x", () -> {
                        Object seen = slots[1];
                        check(seen == null || seen.equals("x"), "a torn slot");
                    });
                }),
                new Racy("ArrayList added to from two threads", "ArrayList contents", () -> {
                    List<Integer> list = new ArrayList<>();
                    together(() -> list.add(1), () -> list.add(2));
                }),
                new Racy("lazy initialisation", "RaceCorpus.Holder.lazy", () -> {
                    Holder h = new Holder();
                    Corpus.Program init = () -> {
                        if (h.lazy == null) {
                            h.lazy = new Object();
                        }
                    };
                    together(init, init);
                }),
                new Racy("long written and read", "RaceCorpus.Counter.big", () -> {
                    Counter c = new Counter();
                    together(() -> c.big = -1L, () -> {
                        long seen = c.big;
                        check(seen == 0 || seen == -1L, "torn: " + seen);
                    });
                }),
                new Racy("fixed pool tasks on a plain counter", "RaceCorpus.Counter.value", () -> {
                    Counter c = new Counter();
                    ExecutorService pool = Executors.newFixedThreadPool(2);
                    try {
                        Future<?> a = pool.submit(() -> c.value++);
                        Future<?> b = pool.submit(() -> c.value++);
                        a.get();
                        b.get();
                    } finally {
                        pool.shutdown();
                    }
                }),
                new Racy("CompletableFuture.runAsync beside its caller", "RaceCorpus.Counter.value", () -> {
                    Counter c = new Counter();
                    CompletableFuture<Void> f = CompletableFuture.runAsync(() -> c.value++);
                    c.value++;
                    f.join();
                }),
                new Racy("two different locks", "RaceCorpus.Counter.value", () -> {
                    Counter c = new Counter();
                    Object lockA = new Object();
                    Object lockB = new Object();
                    together(() -> {
                        synchronized (lockA) {
                            c.value++;
                        }
                    }, () -> {
                        synchronized (lockB) {
                            c.value++;
                        }
                    });
                }),
                new Racy("written under a lock, read without", "RaceCorpus.Counter.value", () -> {
                    Counter c = new Counter();
                    ReentrantLock lock = new ReentrantLock();
                    together(() -> {
                        lock.lock();
                        try {
                            c.value = 1;
                        } finally {
                            lock.unlock();
                        }
                    }, () -> check(c.value >= 0, "negative"));
                }),
                new Racy("a Lockstep Mutex on one side only", "RaceCorpus.Counter.value", () -> {
                    Counter c = new Counter();
                    Mutex m = new Mutex("m");
                    together(() -> {
                        try (Guard g = m.acquire()) {
                            c.value++;
                        }
                    }, () -> c.value++);
                }),
                new Racy("flag raised before the data", "RaceCorpus.Holder.payload", () -> {
                    Holder h = new Holder();
                    together(() -> {
                        h.flag = true;
                        h.payload = 7;
                    }, () -> {
                        while (!h.flag) {
                            Thread.onSpinWait();
                        }
                        check(h.payload == 7 || h.payload == 0, "a payload");
                    });
                }),
                new Racy("iterating a HashMap while another thread puts", "HashMap contents", () -> {
                    Map<Integer, Integer> m = new HashMap<>();
                    together(() -> m.put(1, 1), () -> {
                        int sum = 0;
                        for (int v : m.values()) {
                            sum += v;
                        }
                        check(sum >= 0, "negative");
                    });
                }),
                new Racy("parent writes after starting the child", "RaceCorpus.Holder.payload", () -> {
                    Holder h = new Holder();
                    Thread child = Thread.ofVirtual().start(() -> check(h.payload >= 0, "negative"));
                    h.payload = 1;
                    child.join();
                }),
                new Racy("parent reads before joining the child", "RaceCorpus.Holder.payload", () -> {
                    Holder h = new Holder();
                    Thread child = new Thread(() -> h.payload = 1);
                    child.start();
                    int seen = h.payload;
                    child.join();
                    check(seen == 0 || seen == 1, "a payload");
                }),
                new Racy("a latch counted down before the write", "RaceCorpus.Holder.payload", () -> {
                    Holder h = new Holder();
                    CountDownLatch done = new CountDownLatch(1);
                    together(() -> {
                        done.countDown();
                        h.payload = 1;
                    }, () -> {
                        done.await();
                        check(h.payload >= 0, "negative");
                    });
                }));
    }

    static List<Twin> twins() {
        return List.of(
                new Twin("synchronized", () -> {
                    Counter c = new Counter();
                    together(() -> {
                        synchronized (c) {
                            c.value++;
                        }
                    }, () -> {
                        synchronized (c) {
                            c.value++;
                        }
                    });
                    check(c.value == 2, "lost an update");
                }),
                new Twin("ReentrantLock", () -> {
                    Counter c = new Counter();
                    ReentrantLock lock = new ReentrantLock();
                    Corpus.Program add = () -> {
                        lock.lock();
                        try {
                            c.value++;
                        } finally {
                            lock.unlock();
                        }
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update");
                }),
                new Twin("ReentrantReadWriteLock", () -> {
                    Counter c = new Counter();
                    ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
                    together(() -> {
                        rw.writeLock().lock();
                        try {
                            c.value = 1;
                        } finally {
                            rw.writeLock().unlock();
                        }
                    }, () -> {
                        rw.readLock().lock();
                        try {
                            check(c.value >= 0, "negative");
                        } finally {
                            rw.readLock().unlock();
                        }
                    });
                }),
                new Twin("Lockstep Mutex", () -> {
                    Counter c = new Counter();
                    Mutex m = new Mutex("m");
                    Corpus.Program add = () -> {
                        try (Guard g = m.acquire()) {
                            c.value++;
                        }
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update");
                }),
                new Twin("Lockstep Semaphore", () -> {
                    Counter c = new Counter();
                    dev.lockstep.sync.Semaphore s = new dev.lockstep.sync.Semaphore("s", 1);
                    Corpus.Program add = () -> {
                        try (Guard g = s.permit()) {
                            c.value++;
                        }
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update");
                }),
                new Twin("Lockstep Event", () -> {
                    Holder h = new Holder();
                    Event ready = new Event("ready");
                    together(() -> {
                        h.payload = 7;
                        ready.set();
                    }, () -> {
                        ready.await();
                        check(h.payload == 7, "the data");
                    });
                }),
                new Twin("Lockstep WorkQueue", () -> {
                    WorkQueue<Box> q = WorkQueue.fifo(1);
                    together(() -> {
                        Box b = new Box();
                        b.x = 5;
                        q.put(b);
                    }, () -> check(q.take().x == 5, "a box not yet initialised"));
                }),
                new Twin("volatile flag", () -> {
                    Holder h = new Holder();
                    together(() -> {
                        h.payload = 7;
                        h.flag = true;
                    }, () -> {
                        while (!h.flag) {
                            Thread.onSpinWait();
                        }
                        check(h.payload == 7, "the data");
                    });
                }),
                new Twin("volatile publication", () -> {
                    Holder h = new Holder();
                    together(() -> {
                        Box b = new Box();
                        b.x = 5;
                        h.published = b;
                    }, () -> {
                        Box b = h.published;
                        check(b == null || b.x == 5, "a box not yet initialised");
                    });
                }),
                new Twin("AtomicInteger and AtomicBoolean", () -> {
                    AtomicInteger n = new AtomicInteger();
                    AtomicBoolean done = new AtomicBoolean();
                    Holder h = new Holder();
                    together(() -> {
                        n.incrementAndGet();
                        h.payload = 7;
                        done.set(true);
                    }, () -> {
                        n.incrementAndGet();
                        if (done.get()) {
                            check(h.payload == 7, "the data");
                        }
                    });
                    check(n.get() == 2, "lost an update");
                }),
                new Twin("AtomicReference", () -> {
                    AtomicReference<Box> ref = new AtomicReference<>();
                    together(() -> {
                        Box b = new Box();
                        b.x = 5;
                        ref.set(b);
                    }, () -> {
                        Box b = ref.get();
                        check(b == null || b.x == 5, "a box not yet initialised");
                    });
                }),
                new Twin("ConcurrentHashMap", () -> {
                    Map<String, Box> m = new ConcurrentHashMap<>();
                    together(() -> {
                        Box b = new Box();
                        b.x = 5;
                        m.put("k", b);
                    }, () -> {
                        Box b = m.get("k");
                        check(b == null || b.x == 5, "a box not yet initialised");
                    });
                }),
                new Twin("ArrayBlockingQueue", () -> {
                    ArrayBlockingQueue<Box> q = new ArrayBlockingQueue<>(1);
                    Holder h = new Holder();
                    together(() -> {
                        h.payload = 7;
                        q.put(new Box());
                    }, () -> {
                        q.take();
                        check(h.payload == 7, "the data");
                    });
                }),
                new Twin("CountDownLatch", () -> {
                    Holder h = new Holder();
                    CountDownLatch done = new CountDownLatch(1);
                    together(() -> {
                        h.payload = 7;
                        done.countDown();
                    }, () -> {
                        done.await();
                        check(h.payload == 7, "the data");
                    });
                }),
                new Twin("CyclicBarrier", () -> {
                    int[] halves = new int[2];
                    CyclicBarrier barrier = new CyclicBarrier(2);
                    together(() -> {
                        halves[0] = 1;
                        barrier.await();
                        check(halves[1] == 2, "the other half");
                    }, () -> {
                        halves[1] = 2;
                        barrier.await();
                        check(halves[0] == 1, "the other half");
                    });
                }),
                new Twin("java.util.concurrent.Semaphore", () -> {
                    Holder h = new Holder();
                    java.util.concurrent.Semaphore s = new java.util.concurrent.Semaphore(0);
                    together(() -> {
                        h.payload = 7;
                        s.release();
                    }, () -> {
                        s.acquire();
                        check(h.payload == 7, "the data");
                    });
                }),
                new Twin("Condition await and signal", () -> {
                    ReentrantLock lock = new ReentrantLock();
                    Condition changed = lock.newCondition();
                    List<Integer> items = new ArrayList<>();
                    Corpus.Program take = () -> {
                        lock.lock();
                        try {
                            while (items.isEmpty()) {
                                changed.await();
                            }
                            items.remove(0);
                        } finally {
                            lock.unlock();
                        }
                    };
                    together(take, take, () -> {
                        for (int i = 0; i < 2; i++) {
                            lock.lock();
                            try {
                                items.add(i);
                                changed.signalAll();
                            } finally {
                                lock.unlock();
                            }
                        }
                    });
                }),
                new Twin("wait and notify", () -> {
                    Holder h = new Holder();
                    Object monitor = new Object();
                    together(() -> {
                        synchronized (monitor) {
                            h.payload = 7;
                            h.ready = true;
                            monitor.notifyAll();
                        }
                    }, () -> {
                        synchronized (monitor) {
                            while (!h.ready) {
                                monitor.wait();
                            }
                        }
                        check(h.payload == 7, "the data");
                    });
                }),
                new Twin("Thread.start", () -> {
                    Holder h = new Holder();
                    h.payload = 7;
                    Thread child = new Thread(() -> check(h.payload == 7, "the data"));
                    child.start();
                    child.join();
                }),
                new Twin("Thread.join", () -> {
                    Holder h = new Holder();
                    Thread child = Thread.ofVirtual().start(() -> h.payload = 7);
                    child.join();
                    check(h.payload == 7, "the data");
                }),
                new Twin("executor submission and Future.get", () -> {
                    Holder h = new Holder();
                    Counter c = new Counter();
                    ExecutorService pool = Executors.newFixedThreadPool(2);
                    try {
                        h.payload = 7;
                        Future<Integer> f = pool.submit(() -> {
                            c.value = 1;
                            return h.payload;
                        });
                        check(f.get() == 7, "the data");
                        check(c.value == 1, "the task's write");
                        Future<?> g = pool.submit(() -> c.value = 2);
                        g.get();
                        check(c.value == 2, "the second task's write");
                    } finally {
                        pool.shutdown();
                    }
                }),
                new Twin("executor close", () -> {
                    Counter c = new Counter();
                    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                        ex.submit(() -> {
                            synchronized (c) {
                                c.value++;
                            }
                        });
                        ex.execute(() -> {
                            synchronized (c) {
                                c.value++;
                            }
                        });
                    }
                    check(c.value == 2, "lost an update");
                }),
                new Twin("CompletableFuture completion", () -> {
                    Holder h = new Holder();
                    Counter c = new Counter();
                    CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
                        c.value = 3;
                        return 1;
                    }).thenApply(x -> {
                        h.payload = x + 1;
                        return h.payload;
                    });
                    check(f.join() == 2, "the value");
                    check(h.payload == 2 && c.value == 3, "the stages' writes");
                    CompletableFuture<Box> manual = new CompletableFuture<>();
                    together(() -> {
                        Box b = new Box();
                        b.x = 5;
                        manual.complete(b);
                    }, () -> check(manual.get().x == 5, "a box not yet initialised"));
                }),
                new Twin("final fields", () -> {
                    AtomicReference<Immutable> ref = new AtomicReference<>();
                    together(() -> ref.set(new Immutable(4)), () -> {
                        Immutable i = ref.get();
                        check(i == null || i.a == 4, "a final field");
                    });
                }),
                new Twin("parallel stream", () -> {
                    int[] squares = new int[8];
                    java.util.stream.IntStream.range(0, 8).parallel().forEach(i -> squares[i] = i * i);
                    for (int i = 0; i < 8; i++) {
                        check(squares[i] == i * i, "square " + i);
                    }
                }),
                new Twin("ConcurrentHashMap.compute", () -> {
                    Map<String, Box> m = new ConcurrentHashMap<>();
                    Corpus.Program add = () -> m.compute("k", (k, v) -> {
                        Box b = v == null ? new Box() : v;
                        b.x++;
                        return b;
                    });
                    together(add, add);
                    check(m.get("k").x == 2, "lost an update");
                }),
                new Twin("invokeAll", () -> {
                    Holder h = new Holder();
                    Counter c = new Counter();
                    ExecutorService pool = Executors.newFixedThreadPool(2);
                    try {
                        h.payload = 7;
                        List<java.util.concurrent.Callable<Integer>> tasks = List.of(() -> {
                            c.value = h.payload;
                            return 1;
                        }, () -> h.payload);
                        pool.invokeAll(tasks);
                        check(c.value == 7, "the task's write");
                    } finally {
                        pool.shutdown();
                    }
                }),
                new Twin("a benign race, declared", () -> {
                    Stats s = new Stats();
                    together(() -> s.hits++, () -> s.hits++);
                }));
    }
}
