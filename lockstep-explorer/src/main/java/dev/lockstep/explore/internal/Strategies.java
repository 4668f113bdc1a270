package dev.lockstep.explore.internal;

import dev.lockstep.explore.Strategy;
import java.util.Locale;

/**
 * Where a {@link Strategy} meets its algorithm: the one parser of strategy names (for the command line, {@code
 * @ExploreTest} and {@link Strategy#parse}) and the one factory of choosers. Adding a strategy touches this class, the
 * strategy's record in {@code Strategy}, and its chooser.
 */
public final class Strategies {
    private Strategies() {}

    /** The names the parser knows, for messages and help texts. */
    public static final String NAMES = "pct, random or dfs";

    /** The chooser of one worker of an exploration with {@code strategy} and {@code seed}. */
    static Chooser chooser(Strategy strategy, long seed) {
        return chooser(strategy, seed, Shard.ALL);
    }

    /** The chooser of one shard; only dfs's depends on it (random and pct shard by iteration number). */
    static Chooser chooser(Strategy strategy, long seed, Shard shard) {
        return switch (strategy) {
            case Strategy.Random r -> new RandomChooser(seed);
            case Strategy.Pct p -> new PctChooser(seed, p.depth());
            case Strategy.Dfs d -> new DfsChooser(d.maxPreemptions(), shard);
        };
    }

    /** Whether iterations of {@code strategy} are independent of each other, so that several may run at once. */
    static boolean parallel(Strategy strategy) {
        return !(strategy instanceof Strategy.Dfs);
    }

    /**
     * Reads {@code name} or {@code name(parameter)}; a bare name takes {@code depth} (pct) or {@code maxPreemptions}
     * (dfs).
     *
     * @throws IllegalArgumentException in the user's words, if it is not a strategy
     */
    public static Strategy parse(String text, int depth, int maxPreemptions) {
        if (text == null) {
            throw new NullPointerException("strategy must not be null");
        }
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        String name = s;
        Integer parameter = null;
        int open = s.indexOf('(');
        if (open >= 0) {
            if (!s.endsWith(")")) {
                throw unknown(text);
            }
            name = s.substring(0, open);
            try {
                parameter = Integer.valueOf(s.substring(open + 1, s.length() - 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("strategy \"" + text.strip() + "\": its parameter must be a whole"
                        + " number, e.g. pct(3) or dfs(2)");
            }
        }
        return switch (name) {
            case "random" -> {
                if (parameter != null) {
                    throw new IllegalArgumentException("strategy \"" + text.strip() + "\": random takes no parameter");
                }
                yield Strategy.random();
            }
            case "pct" -> Strategy.pct(parameter != null ? parameter : depth);
            case "dfs" -> Strategy.dfs(parameter != null ? parameter : maxPreemptions);
            default -> throw unknown(text);
        };
    }

    private static IllegalArgumentException unknown(String text) {
        return new IllegalArgumentException("unknown strategy \"" + text.strip() + "\": use " + NAMES
                + " (pct and dfs may give their parameter, e.g. pct(3), dfs(2))");
    }
}
