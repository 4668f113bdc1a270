package dev.lockstep.junit;

import dev.lockstep.explore.Defaults;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes a test method a scenario for the Lockstep explorer: its body runs again and again, each time under another
 * interleaving of the virtual threads it starts, until a run fails or the budget is spent. A failure fails the test
 * with the failure's kind, its smallest interleaving as a trace, and a ready-to-paste {@link Replay} line. An
 * assumption that does not hold in a schedule ({@code assumeTrue} and the like) aborts the test, as it would a
 * {@code @Test}.
 *
 * {@snippet :
 * class CounterTest {
 *     int counter;
 *
 *     @ExploreTest(strategy = "dfs", maxPreemptions = 2)
 *     void threeIncrementsCountThree() throws Exception {
 *         try (TaskGroup g = TaskGroup.open()) {
 *             for (int i = 0; i < 3; i++) g.spawn(() -> { int t = counter; Checkpoint.yieldNow(); counter = t + 1; return null; });
 *         }
 *         assertEquals(3, counter);     // fails: the explorer shows the interleaving that loses an update
 *     }
 * }
 * }
 *
 * <p><b>Lifecycle.</b> Each schedule gets fresh test state from JUnit, as a {@code @Test} would: an instance made by
 * JUnit with every extension applied (constructor and method parameters, {@code @TempDir} and other injected fields,
 * the enclosing instance of a {@code @Nested} class), its {@code @BeforeEach} methods once before the body and its
 * {@code @AfterEach} methods once after it, on the explorer's controlled thread. {@code @BeforeAll} and {@code
 * @AfterAll} methods run once for the whole test; the JUnit report still shows one test. How: the test invocation
 * JUnit runs only explores (it skips the test's own lifecycle methods), and each schedule is a second, inner JUnit
 * execution of that one invocation. When no extension touches the class (no {@code @ExtendWith}, {@code
 * @RegisterExtension}, {@code @TempDir}, {@code @Timeout}, {@code @Nested}, {@code @TestInstance}, parameters beyond
 * plain values), Lockstep does the same steps itself, without an inner execution: microseconds a schedule instead of
 * a few milliseconds. With {@code @TestInstance(PER_CLASS)}, each schedule's instance gets its own {@code @BeforeAll}
 * and {@code @AfterAll}. Extension callbacks of
 * the class ({@code BeforeEachCallback}, say) run for the exploring invocation too, and {@code BeforeAllCallback}s
 * once per schedule in the inner executions. Combined with {@code @ParameterizedTest} or {@code @RepeatedTest}, each
 * invocation is explored on its own, which is the seed's answer to testing races: parameterization plus forced
 * switches. The system properties {@code lockstep.seed}, {@code lockstep.iterations}, {@code lockstep.replay} and
 * {@code lockstep.shard} override the annotation for a run.
 *
 * <p>Schedules run on every available processor at once ({@code -Dlockstep.parallelism=N} sets how many); the result
 * does not depend on it, but two runs of the body may be in progress at the same time, each on its own fresh instance:
 * keep the state a run uses in that instance or in the body, not in static fields.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(ExploreExtension.class)
public @interface ExploreTest {
    /** {@code "pct"}, {@code "random"} or {@code "dfs"} (or with its parameter: {@code "pct(5)"}, {@code "dfs(1)"}). */
    String strategy() default Defaults.STRATEGY;

    /** The depth of {@code pct}. */
    int depth() default Defaults.PCT_DEPTH;

    /** The preemption bound of {@code dfs}. */
    int maxPreemptions() default Defaults.DFS_MAX_PREEMPTIONS;

    /** How many schedules to run at most. */
    int iterations() default Defaults.ITERATIONS;

    /** The seed; 0 picks a fresh random one, printed on failure. */
    long seed() default 0;

    /** The most scheduling steps one run may take. */
    int maxSteps() default Defaults.MAX_STEPS;

    /** How long the exploration may take in real time. */
    long timeLimitSeconds() default Defaults.TIME_LIMIT_SECONDS;

    /**
     * Whether a data race fails the test ({@code Failure.Kind.DATA_RACE}), even in a schedule whose assertions pass;
     * it needs the Lockstep agent (default true; {@code -Dlockstep.races=false} turns it off for a whole run).
     */
    boolean races() default true;
}
