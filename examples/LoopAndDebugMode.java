import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.task.DeadlockException;
import dev.lockstep.task.Loop;
import dev.lockstep.task.TaskGroup;
import java.time.Duration;

/** Run with: ./lockstep run examples/LoopAndDebugMode.java */
public class LoopAndDebugMode {
    static int counter;

    public static void main(String[] args) throws Exception {
        // On a Loop, tasks switch only where they block: asyncio's semantics for virtual threads.
        int racy = Loop.run(() -> {
            counter = 0;
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    g.spawn(() -> {
                        int t = counter;
                        Checkpoint.yieldNow();      // asyncio.sleep(0): the others run here
                        counter = t + 1;
                        return null;
                    });
                }
            }
            return counter;
        });
        System.out.println("read-yield-write on a Loop: counter = " + racy + " (two updates lost, every time)");

        Mutex lock = new Mutex("counter");
        int safe = Loop.run(() -> {
            counter = 0;
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    g.spawn(() -> {
                        try (Guard held = lock.acquire()) {
                            int t = counter;
                            Checkpoint.yieldNow();
                            counter = t + 1;
                        }
                        return null;
                    });
                }
            }
            return counter;
        });
        System.out.println("with a Mutex:                 counter = " + safe);

        // Debug mode names the task that stalls the loop, and turns a deadlock into a report instead of a hang.
        Loop.builder().debug(true).slowTaskThreshold(Duration.ofMillis(50))
                .onReport(r -> System.out.println("debug report " + r.kind() + ": " + r.message()))
                .run(() -> {
                    long end = System.nanoTime() + 120_000_000;
                    while (System.nanoTime() < end) {
                        // computing without a blocking point: nobody else can run
                    }
                    return null;
                });
        try {
            Loop.builder().debug(true).onReport(r -> { }).run(() -> {
                Mutex a = new Mutex("a");
                Mutex b = new Mutex("b");
                try (TaskGroup g = TaskGroup.open()) {
                    g.spawn("left", () -> { a.lock(); Checkpoint.yieldNow(); b.lock(); return null; });
                    g.spawn("right", () -> { b.lock(); Checkpoint.yieldNow(); a.lock(); return null; });
                }
                return null;
            });
        } catch (DeadlockException e) {
            System.out.println(e.getMessage());
        }
    }
}
