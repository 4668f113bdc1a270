package dev.lockstep.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Strategy names as the command line and @ExploreTest write them, read by the one parser. */
class StrategyTest {

    @Test
    void namesWithAndWithoutParametersParse() {
        assertEquals(Strategy.random(), Strategy.parse("random"));
        assertEquals(Strategy.pct(Defaults.PCT_DEPTH), Strategy.parse("pct"));
        assertEquals(Strategy.pct(5), Strategy.parse(" PCT(5) "));
        assertEquals(Strategy.dfs(Defaults.DFS_MAX_PREEMPTIONS), Strategy.parse("dfs"));
        assertEquals(Strategy.dfs(0), Strategy.parse("dfs( 0 )"));
    }

    @Test
    void aBareNameTakesTheParameterItUses() {
        assertEquals(Strategy.pct(4), Strategy.parse("pct", 4, 9));
        assertEquals(Strategy.dfs(9), Strategy.parse("dfs", 4, 9));
        assertEquals(Strategy.dfs(1), Strategy.parse("dfs(1)", 4, 9));
    }

    @Test
    void describeAndParseRoundTrip() {
        for (Strategy s : new Strategy[] {Strategy.random(), Strategy.pct(2), Strategy.dfs(3)}) {
            assertEquals(s, Strategy.parse(s.describe()));
        }
    }

    @Test
    void unknownNamesAndBadParametersAreRefusedInTheUsersWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategy.parse("bfs"));
        assertEquals("unknown strategy \"bfs\": use pct, random or dfs (pct and dfs may give their parameter, e.g."
                + " pct(3), dfs(2))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Strategy.parse("pct(x)"));
        assertEquals("strategy \"pct(x)\": its parameter must be a whole number, e.g. pct(3) or dfs(2)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Strategy.parse("random(2)"));
        assertEquals("strategy \"random(2)\": random takes no parameter", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Strategy.parse("pct(0)"));
        assertEquals("Strategy.pct: depth must be >= 1, got 0", e.getMessage());
        assertThrows(NullPointerException.class, () -> Strategy.parse(null));
    }
}
