package dev.lockstep.explore.internal;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * {@code Strategy.dfs(maxPreemptions)}: stateless depth-first search over the decision tree (CHESS). Each run follows
 * the path of the previous run up to its deepest node that still has an untried choice within the preemption budget,
 * takes that choice, and continues with the default choice (keep running the last task, else the lowest id) below
 * it. When no node has anything left, the search is exhausted.
 */
final class DfsChooser implements Chooser {
    /** A shard's subtrees hang below this many branching decisions (nodes with more than one choice). */
    static final int SPLIT = 3;

    private final int maxPreemptions;
    private final Shard shard;
    /** The subtrees begun so far, in the order the search met them; the next run's branch point (-1: a new one). */
    private int subtrees;
    private int branchedAt = -1;
    private boolean ownedSubtree = true;
    /** One node per decision of the current path. */
    private final ArrayList<Node> stack = new ArrayList<>();
    /** The path this run follows: the choice of each node of the stack. */
    private int[] path = new int[0];
    private int depth;
    private int preemptions;
    private String refusal = "";

    /** One decision of the current path: the choices there, in the order to try them, and how many were tried. */
    private static final class Node {
        final int[] order;
        final int last;
        final int preemptionsBefore;
        int tried;

        Node(int[] enabled, int n, int last, int preemptionsBefore) {
            this.order = new int[n];
            this.last = last;
            this.preemptionsBefore = preemptionsBefore;
            int k = 0;
            if (last >= 0) {
                order[k++] = last; // the choice that costs no preemption comes first
            }
            for (int i = 0; i < n; i++) {
                if (enabled[i] != last) {
                    order[k++] = enabled[i];
                }
            }
        }

        int chosen() {
            return order[tried];
        }

        int cost(int choice) {
            return last >= 0 && choice != last ? 1 : 0;
        }

        /** Whether a run reached this node with the same choices before it, as a deterministic scenario does. */
        boolean sameChoices(int[] enabled, int n, int last) {
            int[] expected = order.clone();
            Arrays.sort(expected);
            return this.last == last && Arrays.equals(expected, Arrays.copyOf(enabled, n));
        }

        String expected() {
            int[] expected = order.clone();
            Arrays.sort(expected);
            return Arrays.toString(expected);
        }
    }

    DfsChooser(int maxPreemptions) {
        this(maxPreemptions, Shard.ALL);
    }

    DfsChooser(int maxPreemptions, Shard shard) {
        this.maxPreemptions = maxPreemptions;
        this.shard = shard;
    }

    /**
     * Whether the run that ended is this shard's. A run that branched off above the split begins a new subtree,
     * which belongs to shard {@code subtrees % count}; below the split, the run stays in its subtree. The same in
     * every shard, since every shard walks the tree above the split alike.
     */
    @Override
    public boolean counts() {
        if (shard.whole()) {
            return true;
        }
        if (branchedAt < splitDepth()) {
            ownedSubtree = subtrees++ % shard.count() == shard.index() - 1;
        }
        return ownedSubtree;
    }

    /** How deep the path's first {@link #SPLIT} branching decisions reach (the whole path if it has fewer). */
    private int splitDepth() {
        int branching = 0;
        for (int i = 0; i < depth && i < stack.size(); i++) {
            if (stack.get(i).order.length > 1 && ++branching == SPLIT) {
                return i + 1;
            }
        }
        return Math.min(depth, stack.size());
    }

    @Override
    public void begin(int iteration, int lengthHint) {
        depth = 0;
        preemptions = 0;
    }

    @Override
    public int choose(int[] enabled, int n, int last, int decision) {
        int task = Follow.recorded(path, depth, enabled, n);
        Node node;
        if (task == Follow.PAST_END) {
            node = new Node(enabled, n, last, preemptions);
            stack.add(node); // the default choice costs nothing: last first, else the lowest id (last < 0)
            task = node.chosen();
        } else {
            node = stack.get(depth);
            if (task == Follow.NOT_ENABLED || !node.sameChoices(enabled, n, last)) {
                refusal = "the scenario did not repeat itself: at decision " + decision + " the runnable tasks were "
                        + Arrays.toString(Arrays.copyOf(enabled, n)) + " instead of " + node.expected();
                return -1;
            }
        }
        depth++;
        preemptions += node.cost(task);
        return task;
    }

    @Override
    public boolean end() {
        // Drop what the run did not reach (it may have ended early), then backtrack to the deepest open node.
        while (stack.size() > depth) {
            stack.remove(stack.size() - 1);
        }
        if (!shard.whole() && !ownedSubtree) {
            // Another shard's subtree: leave it without trying its alternatives.
            int split = splitDepth();
            while (stack.size() > split) {
                stack.remove(stack.size() - 1);
            }
        }
        boolean open = false;
        while (!stack.isEmpty() && !open) {
            Node top = stack.get(stack.size() - 1);
            while (++top.tried < top.order.length) {
                if (top.preemptionsBefore + top.cost(top.chosen()) <= maxPreemptions) {
                    open = true;
                    break;
                }
            }
            if (!open) {
                stack.remove(stack.size() - 1);
            }
        }
        path = new int[stack.size()];
        for (int i = 0; i < path.length; i++) {
            path[i] = stack.get(i).chosen();
        }
        branchedAt = stack.size() - 1;
        return open;
    }

    @Override
    public String refusal() {
        return refusal;
    }
}
