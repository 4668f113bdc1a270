package dev.lockstep.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * With {@link ExploreTest}: runs the test once along this schedule (a failure's schedule string) instead of
 * exploring, so that a failure comes back exactly, under a debugger if need be. A failing {@code @ExploreTest} prints
 * the line to paste.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Replay {
    /** The schedule, e.g. {@code "1:0*3.1.2*2.0"}. */
    String value();
}
