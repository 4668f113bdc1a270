package dev.lockstep.workload;

/** A loop that reads and writes fields and array elements: every access is instrumented under the agent. */
public final class FieldLoop {
    private final Cell[] cells;
    private long total;

    /** One object of the loop, with a field read and a field written per visit. */
    public static final class Cell {
        int value;
        int visits;
    }

    public FieldLoop(int size) {
        cells = new Cell[size];
        for (int i = 0; i < size; i++) {
            cells[i] = new Cell();
            cells[i].value = i;
        }
    }

    /** Visits every cell {@code rounds} times; returns a sum so that nothing is optimised away. */
    public long run(int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (Cell c : cells) {
                total += c.value;
                c.visits++;
            }
        }
        return total;
    }
}
