import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.task.Clock;
import dev.lockstep.task.TaskGroup;
import java.time.Duration;

/** Run with: ./lockstep run examples/FindTheRace.java */
public class FindTheRace {
    public static void main(String[] args) {
        Scenario racy = () -> {
            int[] balance = {100};
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 2; i++) {
                    g.spawn("withdraw-" + (i + 1), () -> {
                        int b = balance[0];                  // read
                        Clock.sleep(Duration.ofMillis(10));  // suspend (an I/O call)
                        balance[0] = b - 30;                 // write
                        return null;
                    });
                }
            }
            if (balance[0] != 40) {
                throw new AssertionError("expected a balance of 40, got " + balance[0]);
            }
        };
        Report found = Explorer.builder().strategy(Strategy.pct(3)).seed(1).build().explore(racy);
        System.out.println(found.summary());

        Scenario fixed = () -> {
            int[] balance = {100};
            Mutex account = new Mutex("account");
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 2; i++) {
                    g.spawn("withdraw-" + (i + 1), () -> {
                        try (Guard held = account.acquire()) {
                            int b = balance[0];
                            Clock.sleep(Duration.ofMillis(10));
                            balance[0] = b - 30;
                        }
                        return null;
                    });
                }
            }
            if (balance[0] != 40) {
                throw new AssertionError("expected a balance of 40, got " + balance[0]);
            }
        };
        System.out.println(Explorer.builder().strategy(Strategy.dfs(2)).build().explore(fixed).summary());
    }
}
