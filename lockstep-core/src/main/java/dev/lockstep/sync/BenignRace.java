package dev.lockstep.sync;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that the unsynchronized accesses to a field are a race its author judged harmless, and why: the
 * Lockstep agent's race detector (under the explorer, or with the agent's {@code races} option) never reports
 * them. Accesses to the field stay scheduling points, so the explorer still interleaves them.
 *
 * {@snippet :
 * final class Stats {
 *     @BenignRace("a hint for logging: a stale count is fine, and a long on this JVM is written whole")
 *     private long lastSeen;
 * }
 * }
 *
 * <p>The agent's option {@code benign=com.example.Stats.lastSeen} (or {@code com.example.Stats.*}) does the same for
 * a class whose source you cannot annotate.
 *
 * <p>Memory consistency effects: none. The annotation changes what is reported, not what the program does.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface BenignRace {
    /** Why the race is harmless, for the next reader. */
    String value();
}
