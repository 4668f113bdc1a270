package dev.lockstep.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Concurrency bugs written as users write Java, each next to its fix: plain fields, monitors, java.util.concurrent,
 * virtual threads started with {@code Thread.ofVirtual()} or an executor. No Lockstep primitive, no Checkpoint: only
 * the agent makes their races visible to the explorer.
 */
final class Corpus {
    private Corpus() {}

    /** A bug and its fix. */
    record Pair(String name, Program buggy, Program fixed) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Program {
        void run() throws Exception;
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** Runs each body in a virtual thread of its own and joins them all. */
    static void together(Program... bodies) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            Program body = bodies[i];
            threads.add(Thread.ofVirtual().name("t" + (i + 1)).start(() -> {
                try {
                    body.run();
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    // ---- shared state, as users write it --------------------------------------------------------------------------

    static final class Counter {
        int value;

        void increment() {
            value++;
        }

        synchronized void incrementSafely() {
            value++;
        }
    }

    static final class Account {
        int balance;

        Account(int balance) {
            this.balance = balance;
        }

        boolean withdraw(int amount) {
            if (balance >= amount) {
                balance -= amount;
                return true;
            }
            return false;
        }

        synchronized boolean withdrawSafely(int amount) {
            return withdraw(amount);
        }
    }

    static int totalStatic;

    static final class Box {
        int x;
    }

    static final class Holder {
        Box box;
        volatile Box published;
    }

    static final class Lazy {
        int created;
        Object instance;

        Object get() {
            if (instance == null) {
                created++;
                instance = new Object();
            }
            return instance;
        }

        synchronized Object getSafely() {
            return get();
        }
    }

    static final class Mailbox {
        final ArrayList<Integer> items = new ArrayList<>();

        synchronized void put(int v) {
            items.add(v);
            notifyAll();
        }

        synchronized int takeWithIf() throws InterruptedException {
            if (items.isEmpty()) {
                wait();
            }
            return items.remove(0);
        }

        synchronized int takeWithWhile() throws InterruptedException {
            while (items.isEmpty()) {
                wait();
            }
            return items.remove(0);
        }
    }

    static final class Flag {
        boolean set;
        final Object lock = new Object();
    }

    static final class Buffer {
        final ReentrantLock lock = new ReentrantLock();
        final Condition notEmpty = lock.newCondition();
        final ArrayList<Integer> items = new ArrayList<>();

        void put(int v) {
            lock.lock();
            try {
                items.add(v);
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
        }

        int take(boolean loop) throws InterruptedException {
            lock.lock();
            try {
                if (loop) {
                    while (items.isEmpty()) {
                        notEmpty.await();
                    }
                } else if (items.isEmpty()) {
                    notEmpty.await();
                }
                return items.remove(0);
            } finally {
                lock.unlock();
            }
        }
    }

    static final class Data {
        int payload;
        volatile boolean ready;
    }

    /** The corpus: every bug found by pct(3) within 2,000 schedules, every fix passing. */
    static List<Pair> all() {
        return List.of(
                new Pair("plain counter, two threads", () -> {
                    Counter c = new Counter();
                    together(c::increment, c::increment);
                    check(c.value == 2, "lost an update: " + c.value);
                }, () -> {
                    Counter c = new Counter();
                    together(c::incrementSafely, c::incrementSafely);
                    check(c.value == 2, "lost an update: " + c.value);
                }),
                new Pair("static counter", () -> {
                    totalStatic = 0; // runs one at a time (see CorpusIT), so each starts from 0
                    together(() -> totalStatic++, () -> totalStatic++);
                    check(totalStatic == 2, "lost a static update: " + totalStatic);
                }, () -> {
                    AtomicInteger total = new AtomicInteger();
                    together(total::incrementAndGet, total::incrementAndGet);
                    check(total.get() == 2, "lost an atomic update");
                }),
                new Pair("array element", () -> {
                    int[] a = new int[1];
                    together(() -> a[0]++, () -> a[0]++);
                    check(a[0] == 2, "lost an element update: " + a[0]);
                }, () -> {
                    int[] a = new int[1];
                    together(() -> {
                        synchronized (a) {
                            a[0]++;
                        }
                    }, () -> {
                        synchronized (a) {
                            a[0]++;
                        }
                    });
                    check(a[0] == 2, "lost an element update: " + a[0]);
                }),
                new Pair("check-then-act withdrawal", () -> {
                    Account a = new Account(100);
                    together(() -> a.withdraw(80), () -> a.withdraw(80));
                    check(a.balance >= 0, "overdrawn: " + a.balance);
                }, () -> {
                    Account a = new Account(100);
                    together(() -> a.withdrawSafely(80), () -> a.withdrawSafely(80));
                    check(a.balance >= 0, "overdrawn: " + a.balance);
                }),
                new Pair("lazy initialisation", () -> {
                    Lazy l = new Lazy();
                    together(l::get, l::get);
                    check(l.created == 1, "created " + l.created + " times");
                }, () -> {
                    Lazy l = new Lazy();
                    together(l::getSafely, l::getSafely);
                    check(l.created == 1, "created " + l.created + " times");
                }),
                new Pair("HashMap check-then-put", () -> {
                    Map<String, Integer> m = new HashMap<>();
                    int[] puts = {0};
                    Program add = () -> {
                        if (!m.containsKey("k")) {
                            m.put("k", 1);
                            puts[0]++;
                        }
                    };
                    together(add, add);
                    check(puts[0] == 1, "put twice");
                }, () -> {
                    ConcurrentHashMap<String, Integer> m = new ConcurrentHashMap<>();
                    AtomicInteger puts = new AtomicInteger();
                    Program add = () -> m.computeIfAbsent("k", k -> puts.incrementAndGet());
                    together(add, add);
                    check(puts.get() == 1, "put twice");
                }),
                new Pair("ConcurrentHashMap get then put", () -> {
                    ConcurrentHashMap<String, Integer> m = new ConcurrentHashMap<>(Map.of("k", 0));
                    Program add = () -> m.put("k", m.get("k") + 1);
                    together(add, add);
                    check(m.get("k") == 2, "lost an update: " + m.get("k"));
                }, () -> {
                    ConcurrentHashMap<String, Integer> m = new ConcurrentHashMap<>(Map.of("k", 0));
                    Program add = () -> m.merge("k", 1, Integer::sum);
                    together(add, add);
                    check(m.get("k") == 2, "lost an update: " + m.get("k"));
                }),
                new Pair("AtomicInteger get then set", () -> {
                    AtomicInteger a = new AtomicInteger();
                    Program add = () -> a.set(a.get() + 1);
                    together(add, add);
                    check(a.get() == 2, "lost an update: " + a.get());
                }, () -> {
                    AtomicInteger a = new AtomicInteger();
                    together(a::incrementAndGet, a::incrementAndGet);
                    check(a.get() == 2, "lost an update: " + a.get());
                }),
                new Pair("ReentrantLock taken on one path only", () -> {
                    ReentrantLock lock = new ReentrantLock();
                    Counter c = new Counter();
                    together(() -> {
                        lock.lock();
                        try {
                            c.increment();
                        } finally {
                            lock.unlock();
                        }
                    }, c::increment);
                    check(c.value == 2, "lost an update: " + c.value);
                }, () -> {
                    ReentrantLock lock = new ReentrantLock();
                    Counter c = new Counter();
                    Program locked = () -> {
                        lock.lock();
                        try {
                            c.increment();
                        } finally {
                            lock.unlock();
                        }
                    };
                    together(locked, locked);
                    check(c.value == 2, "lost an update: " + c.value);
                }),
                new Pair("synchronized on different objects", () -> {
                    Counter c = new Counter();
                    together(() -> {
                        synchronized (new Object()) {
                            c.increment();
                        }
                    }, () -> {
                        synchronized (new Object()) {
                            c.increment();
                        }
                    });
                    check(c.value == 2, "lost an update: " + c.value);
                }, () -> {
                    Counter c = new Counter();
                    together(() -> {
                        synchronized (c) {
                            c.increment();
                        }
                    }, () -> {
                        synchronized (c) {
                            c.increment();
                        }
                    });
                    check(c.value == 2, "lost an update: " + c.value);
                }),
                new Pair("read lock used to write", () -> {
                    ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
                    Counter c = new Counter();
                    Program add = () -> {
                        rw.readLock().lock();
                        try {
                            c.increment();
                        } finally {
                            rw.readLock().unlock();
                        }
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update: " + c.value);
                }, () -> {
                    ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
                    Counter c = new Counter();
                    Program add = () -> {
                        rw.writeLock().lock();
                        try {
                            c.increment();
                        } finally {
                            rw.writeLock().unlock();
                        }
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update: " + c.value);
                }),
                new Pair("Semaphore with one permit too many", () -> {
                    Semaphore s = new Semaphore(2);
                    Counter c = new Counter();
                    Program add = () -> {
                        s.acquire();
                        try {
                            c.increment();
                        } finally {
                            s.release();
                        }
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update: " + c.value);
                }, () -> {
                    Semaphore s = new Semaphore(1);
                    Counter c = new Counter();
                    Program add = () -> {
                        s.acquire();
                        try {
                            c.increment();
                        } finally {
                            s.release();
                        }
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update: " + c.value);
                }),
                new Pair("CountDownLatch counting too few", () -> {
                    CountDownLatch done = new CountDownLatch(1);
                    int[] sum = {0};
                    Thread reader = Thread.ofVirtual().start(() -> {
                        try {
                            done.await();
                            check(sum[0] == 2, "read before both wrote: " + sum[0]);
                        } catch (InterruptedException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    together(() -> {
                        sum[0]++;
                        done.countDown();
                    }, () -> {
                        synchronized (sum) {
                            sum[0]++;
                        }
                        done.countDown();
                    });
                    reader.join();
                }, () -> {
                    CountDownLatch done = new CountDownLatch(2);
                    int[] sum = {0};
                    Thread reader = Thread.ofVirtual().start(() -> {
                        try {
                            done.await();
                            check(sum[0] == 2, "read before both wrote: " + sum[0]);
                        } catch (InterruptedException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    Program add = () -> {
                        synchronized (sum) {
                            sum[0]++;
                        }
                        done.countDown();
                    };
                    together(add, add);
                    reader.join();
                }),
                new Pair("result read without join", () -> {
                    int[] result = {0};
                    Thread worker = Thread.ofVirtual().start(() -> result[0] = 42);
                    check(result[0] == 42, "read the result before the worker wrote it");
                    worker.join();
                }, () -> {
                    int[] result = {0};
                    Thread worker = Thread.ofVirtual().start(() -> result[0] = 42);
                    worker.join();
                    check(result[0] == 42, "read the result before the worker wrote it");
                }),
                new Pair("publication before initialisation", () -> {
                    Holder h = new Holder();
                    together(() -> {
                        h.box = new Box();
                        h.box.x = 5;
                    }, () -> {
                        Box b = h.box;
                        check(b == null || b.x == 5, "saw a box not yet initialised");
                    });
                }, () -> {
                    Holder h = new Holder();
                    together(() -> {
                        Box b = new Box();
                        b.x = 5;
                        h.published = b; // volatile: the box's fields are set before anyone can see it
                    }, () -> {
                        Box b = h.published;
                        check(b == null || b.x == 5, "saw a box not yet initialised");
                    });
                }),
                new Pair("flag raised before the data", () -> {
                    Data d = new Data();
                    together(() -> {
                        d.ready = true;
                        d.payload = 7;
                    }, () -> {
                        if (d.ready) {
                            check(d.payload == 7, "flag seen before the data: " + d.payload);
                        }
                    });
                }, () -> {
                    Data d = new Data();
                    together(() -> {
                        d.payload = 7;
                        d.ready = true;
                    }, () -> {
                        if (d.ready) {
                            check(d.payload == 7, "flag seen before the data: " + d.payload);
                        }
                    });
                }),
                new Pair("wait with if, two consumers", () -> {
                    Mailbox box = new Mailbox();
                    int[] got = new int[2];
                    together(() -> got[0] = box.takeWithIf(), () -> got[1] = box.takeWithIf(),
                            () -> box.put(1), () -> box.put(2));
                }, () -> {
                    Mailbox box = new Mailbox();
                    int[] got = new int[2];
                    together(() -> got[0] = box.takeWithWhile(), () -> got[1] = box.takeWithWhile(),
                            () -> box.put(1), () -> box.put(2));
                }),
                new Pair("Condition.await with if, two consumers", () -> {
                    Buffer b = new Buffer();
                    together(() -> b.take(false), () -> b.take(false), () -> b.put(1), () -> b.put(2));
                }, () -> {
                    Buffer b = new Buffer();
                    together(() -> b.take(true), () -> b.take(true), () -> b.put(1), () -> b.put(2));
                }),
                new Pair("notify before wait, no flag", () -> {
                    Flag f = new Flag();
                    together(() -> {
                        synchronized (f.lock) {
                            f.lock.wait();
                        }
                    }, () -> {
                        synchronized (f.lock) {
                            f.lock.notifyAll();
                        }
                    });
                }, () -> {
                    Flag f = new Flag();
                    together(() -> {
                        synchronized (f.lock) {
                            while (!f.set) {
                                f.lock.wait();
                            }
                        }
                    }, () -> {
                        synchronized (f.lock) {
                            f.set = true;
                            f.lock.notifyAll();
                        }
                    });
                }),
                new Pair("synchronized in opposite orders", () -> {
                    Object a = new Object();
                    Object b = new Object();
                    together(() -> {
                        synchronized (a) {
                            synchronized (b) {
                                totalStatic += 0;
                            }
                        }
                    }, () -> {
                        synchronized (b) {
                            synchronized (a) {
                                totalStatic += 0;
                            }
                        }
                    });
                }, () -> {
                    Object a = new Object();
                    Object b = new Object();
                    Program inOrder = () -> {
                        synchronized (a) {
                            synchronized (b) {
                                totalStatic += 0;
                            }
                        }
                    };
                    together(inOrder, inOrder);
                }),
                new Pair("ReentrantLocks in opposite orders", () -> {
                    ReentrantLock a = new ReentrantLock();
                    ReentrantLock b = new ReentrantLock();
                    together(() -> both(a, b), () -> both(b, a));
                }, () -> {
                    ReentrantLock a = new ReentrantLock();
                    ReentrantLock b = new ReentrantLock();
                    together(() -> both(a, b), () -> both(a, b));
                }),
                new Pair("list iterated while another thread adds", () -> {
                    List<Integer> list = new ArrayList<>(List.of(1, 2));
                    int[] sum = {0};
                    together(() -> list.add(3), () -> {
                        for (int v : list) {
                            sum[0] += v;
                        }
                    });
                }, () -> {
                    List<Integer> list = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(1, 2));
                    int[] sum = {0};
                    together(() -> list.add(3), () -> {
                        for (int v : list) {
                            sum[0] += v;
                        }
                    });
                }),
                new Pair("executor tasks on a plain counter", () -> {
                    Counter c = new Counter();
                    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                        ex.submit(c::increment);
                        ex.submit(c::increment);
                    }
                    check(c.value == 2, "lost an update: " + c.value);
                }, () -> {
                    Counter c = new Counter();
                    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                        ex.submit(c::incrementSafely);
                        ex.submit(c::incrementSafely);
                    }
                    check(c.value == 2, "lost an update: " + c.value);
                }),
                new Pair("barrier parties miscounted", () -> {
                    CyclicBarrier barrier = new CyclicBarrier(1);
                    int[] phase = {0};
                    together(() -> {
                        phase[0] = 1;
                        barrier.await();
                    }, () -> {
                        barrier.await();
                        check(phase[0] == 1, "passed the barrier before the other arrived");
                    });
                }, () -> {
                    CyclicBarrier barrier = new CyclicBarrier(2);
                    int[] phase = {0};
                    together(() -> {
                        phase[0] = 1;
                        barrier.await();
                    }, () -> {
                        barrier.await();
                        check(phase[0] == 1, "passed the barrier before the other arrived");
                    });
                }));
    }

    private static void both(ReentrantLock first, ReentrantLock second) {
        first.lock();
        try {
            second.lock();
            try {
                totalStatic += 0;
            } finally {
                second.unlock();
            }
        } finally {
            first.unlock();
        }
    }
}
