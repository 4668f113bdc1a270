package dev.lockstep.it;

import dev.lockstep.internal.race.GlobalRaces;
import dev.lockstep.internal.race.Race;
import java.util.List;

/**
 * Runs the race corpus and its twins on real threads, in parallel, without the explorer, in a JVM started with
 * {@code -javaagent:lockstep-agent.jar=races}: one line per program on standard output, with the races the agent
 * reported while it ran. {@link RacesAloneIT} starts it.
 */
public final class RacesMain {
    private RacesMain() {}

    public static void main(String[] args) throws Exception {
        GlobalRaces races = GlobalRaces.current();
        if (races == null) {
            System.out.println("no detector: the agent's races option is not on");
            System.exit(3);
        }
        for (RaceCorpus.Racy c : RaceCorpus.racy()) {
            run("racy", c.name(), c.program(), races);
        }
        for (RaceCorpus.Twin t : RaceCorpus.twins()) {
            run("twin", t.mechanism(), t.program(), races);
        }
    }

    private static void run(String kind, String name, Corpus.Program program, GlobalRaces races) throws Exception {
        int before = races.races().size();
        program.run();
        List<Race> found = races.races();
        StringBuilder sb = new StringBuilder(kind).append('\t').append(name);
        for (Race r : found.subList(before, found.size())) {
            sb.append('\t').append(r.variable());
        }
        System.out.println(sb);
    }
}
