package dev.lockstep.explore.internal;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * {@code Strategy.dfs(maxPreemptions)}: stateless depth-first search over the decision tree (CHESS). Each run replays
 * the stack of decisions of the previous run up to its deepest node that still has an untried choice within the
 * preemption budget, takes that choice, and continues with the default choice (keep running the last task, else the
 * lowest id) below it. When no node has anything left, the search is exhausted.
 */
public final class DfsChooser implements Chooser {
    private final int maxPreemptions;
    private final ArrayList<Node> stack = new ArrayList<>();
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
    }

    public DfsChooser(int maxPreemptions) {
        this.maxPreemptions = maxPreemptions;
    }

    @Override
    public void begin(int iteration) {
        depth = 0;
        preemptions = 0;
    }

    @Override
    public int choose(int[] enabled, int n, int last, int decision) {
        Node node;
        if (depth < stack.size()) {
            node = stack.get(depth);
            int[] expected = node.order.clone();
            Arrays.sort(expected);
            if (!Arrays.equals(expected, Arrays.copyOf(enabled, n)) || node.last != last) {
                refusal = "the scenario did not repeat itself: at decision " + decision + " the runnable tasks were "
                        + Arrays.toString(Arrays.copyOf(enabled, n)) + " instead of " + Arrays.toString(expected);
                return -1;
            }
        } else {
            node = new Node(enabled, n, last, preemptions);
            // The default choice might already exceed the budget only if last < 0, which costs nothing: safe.
            stack.add(node);
        }
        depth++;
        int choice = node.chosen();
        preemptions += node.cost(choice);
        return choice;
    }

    @Override
    public boolean end() {
        // Drop what the run did not reach (it may have ended early), then backtrack to the deepest open node.
        while (stack.size() > depth) {
            stack.remove(stack.size() - 1);
        }
        while (!stack.isEmpty()) {
            Node top = stack.get(stack.size() - 1);
            while (++top.tried < top.order.length) {
                if (top.preemptionsBefore + top.cost(top.chosen()) <= maxPreemptions) {
                    return true;
                }
            }
            stack.remove(stack.size() - 1);
        }
        return false;
    }

    @Override
    public String refusal() {
        return refusal;
    }
}
