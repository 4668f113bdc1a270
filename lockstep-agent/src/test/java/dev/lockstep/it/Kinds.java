package dev.lockstep.it;

import static dev.lockstep.it.Corpus.check;
import static dev.lockstep.it.Corpus.together;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One small program per kind of scheduling point the agent adds, buggy and fixed, written as users write Java. Each
 * bug needs the explorer to switch tasks at that kind of point; each fix is small enough for an exhaustive search.
 */
final class Kinds {
    private Kinds() {}

    static final class Cell {
        int value;
    }

    static final class SyncCell {
        private int value;

        synchronized int get() {
            return value;
        }

        synchronized void set(int v) {
            value = v;
        }

        synchronized void increment() {
            value++;
        }
    }

    static final class Flags {
        boolean a;
        boolean b;
    }

    static final class Ready {
        boolean ready;
        int payload;
        Thread waiter;
    }

    static List<Corpus.Pair> all() {
        return List.of(
                new Corpus.Pair("synchronized block", () -> {
                    Cell c = new Cell();
                    Object lock = new Object();
                    Corpus.Program add = () -> {
                        int v;
                        synchronized (lock) {
                            v = c.value;
                        }
                        synchronized (lock) {
                            c.value = v + 1;
                        }
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update: " + c.value);
                }, () -> {
                    Cell c = new Cell();
                    Object lock = new Object();
                    Corpus.Program add = () -> {
                        synchronized (lock) {
                            c.value++;
                        }
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update: " + c.value);
                }),
                new Corpus.Pair("synchronized method", () -> {
                    SyncCell c = new SyncCell();
                    Corpus.Program add = () -> c.set(c.get() + 1);
                    together(add, add);
                    check(c.get() == 2, "lost an update: " + c.get());
                }, () -> {
                    SyncCell c = new SyncCell();
                    together(c::increment, c::increment);
                    check(c.get() == 2, "lost an update: " + c.get());
                }),
                new Corpus.Pair("ReentrantLock", () -> {
                    Cell c = new Cell();
                    ReentrantLock lock = new ReentrantLock();
                    Corpus.Program add = () -> {
                        lock.lock();
                        int v = c.value;
                        lock.unlock();
                        lock.lock();
                        c.value = v + 1;
                        lock.unlock();
                    };
                    together(add, add);
                    check(c.value == 2, "lost an update: " + c.value);
                }, () -> {
                    Cell c = new Cell();
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
                    check(c.value == 2, "lost an update: " + c.value);
                }),
                new Corpus.Pair("blocking queue", () -> {
                    LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>(List.of(1));
                    Corpus.Program take = () -> {
                        if (!q.isEmpty()) {
                            q.remove();
                        }
                    };
                    together(take, take);
                }, () -> {
                    LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>(List.of(1));
                    Corpus.Program take = q::poll;
                    together(take, take);
                }),
                new Corpus.Pair("Thread.interrupt", () -> {
                    LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
                    boolean[] cancelled = {false};
                    Thread w = Thread.ofVirtual().name("worker").start(() -> {
                        try {
                            q.take();
                        } catch (InterruptedException e) {
                            cancelled[0] = true;
                        }
                    });
                    q.put(1);
                    w.interrupt();
                    w.join();
                    check(cancelled[0], "the worker took the item before the interrupt came");
                }, () -> {
                    LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
                    boolean[] outcome = {false};
                    Thread w = Thread.ofVirtual().name("worker").start(() -> {
                        try {
                            q.take();
                            outcome[0] = true;
                        } catch (InterruptedException e) {
                            outcome[0] = true;
                        }
                    });
                    q.put(1);
                    w.interrupt();
                    w.join();
                    check(outcome[0], "the worker neither took the item nor saw the interrupt");
                }),
                new Corpus.Pair("notify where notifyAll was needed", () -> {
                    Flags f = new Flags();
                    Object lock = new Object();
                    together(() -> {
                        synchronized (lock) {
                            while (!f.a) {
                                lock.wait();
                            }
                        }
                    }, () -> {
                        synchronized (lock) {
                            while (!f.b) {
                                lock.wait();
                            }
                        }
                    }, () -> {
                        synchronized (lock) {
                            f.a = true;
                            lock.notify();
                        }
                        synchronized (lock) {
                            f.b = true;
                            lock.notify();
                        }
                    });
                }, () -> {
                    Flags f = new Flags();
                    Object lock = new Object();
                    together(() -> {
                        synchronized (lock) {
                            while (!f.a) {
                                lock.wait();
                            }
                        }
                    }, () -> {
                        synchronized (lock) {
                            while (!f.b) {
                                lock.wait();
                            }
                        }
                    }, () -> {
                        synchronized (lock) {
                            f.a = true;
                            lock.notifyAll();
                        }
                        synchronized (lock) {
                            f.b = true;
                            lock.notifyAll();
                        }
                    });
                }),
                new Corpus.Pair("LockSupport.park and unpark", () -> {
                    Ready r = new Ready();
                    r.waiter = Thread.ofVirtual().name("waiter").unstarted(() -> {
                        while (!r.ready) {
                            LockSupport.park();
                        }
                    });
                    r.waiter.start();
                    Thread setter = Thread.ofVirtual().name("setter").start(() -> {
                        LockSupport.unpark(r.waiter);
                        r.ready = true;
                    });
                    setter.join();
                    r.waiter.join();
                }, () -> {
                    Ready r = new Ready();
                    r.waiter = Thread.ofVirtual().name("waiter").unstarted(() -> {
                        while (!r.ready) {
                            LockSupport.park();
                        }
                    });
                    r.waiter.start();
                    Thread setter = Thread.ofVirtual().name("setter").start(() -> {
                        r.ready = true;
                        LockSupport.unpark(r.waiter);
                    });
                    setter.join();
                    r.waiter.join();
                }),
                new Corpus.Pair("spin loop", () -> {
                    Ready r = new Ready();
                    together(() -> {
                        r.ready = true;
                        r.payload = 7;
                    }, () -> {
                        while (!r.ready) {
                            // spins: the loop's back edge lets the explorer switch away
                        }
                        check(r.payload == 7, "the flag was up before the data: " + r.payload);
                    });
                }, () -> {
                    Ready r = new Ready();
                    together(() -> {
                        r.payload = 7;
                        r.ready = true;
                    }, () -> {
                        while (!r.ready) {
                            // spins: the loop's back edge lets the explorer switch away
                        }
                        check(r.payload == 7, "the flag was up before the data: " + r.payload);
                    });
                }));
    }
}
