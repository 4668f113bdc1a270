package dev.lockstep.agent.internal;

import java.lang.classfile.CodeElement;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.ArrayStoreInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.classfile.instruction.ThrowInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which array loads and stores of a method touch an array that no other thread can see: one the method created
 * ({@code new int[n]}, {@code new T[] {a, b}}) and that has not yet left it, through a field, another array, a call's
 * argument (a lambda's capture is one) or a return. Those accesses are no scheduling points: no interleaving can change
 * what they read or see what they write.
 *
 * <p>A forward data-flow analysis over the method's bytecode. A value is either "fresh from allocation site
 * {@code s}" or unknown; when a fresh value escapes, every copy the frame holds of a value from the same site becomes
 * unknown, so "fresh" always means "this frame is the only holder". Where paths meet, values that differ become
 * unknown. Anything the analysis does not model (the old {@code jsr}/{@code ret}) leaves every access a point.
 */
final class LocalArrays {
    /** An unknown one-slot value. */
    private static final int OTHER = 0;
    /** A long or double: one stack entry, two slots. */
    private static final int WIDE = 1;
    /** Fresh values are {@code FRESH + the element index of their allocation}. */
    private static final int FRESH = 2;

    private final List<CodeElement> code;
    private final Map<Label, Integer> labels = new HashMap<>();
    private final List<ExceptionCatch> catches;
    private final State[] entries;
    private final ArrayDeque<Integer> work = new ArrayDeque<>();
    /** Array accesses seen with a fresh array, and those seen at least once without one. */
    private final Set<CodeElement> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<CodeElement> shared = Collections.newSetFromMap(new IdentityHashMap<>());
    private final int[] tryStart;
    private final int[] tryEnd;
    private final int[] handler;

    private LocalArrays(CodeModel model) {
        code = model.elementList();
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof LabelTarget t) {
                labels.put(t.label(), i);
            }
        }
        catches = model.exceptionHandlers();
        tryStart = new int[catches.size()];
        tryEnd = new int[catches.size()];
        handler = new int[catches.size()];
        for (int c = 0; c < catches.size(); c++) {
            tryStart[c] = index(catches.get(c).tryStart());
            tryEnd[c] = index(catches.get(c).tryEnd());
            handler[c] = index(catches.get(c).handler());
        }
        entries = new State[code.size() + 1];
    }

    /**
     * The array loads and stores of {@code model} (elements of its {@link CodeModel#elementList()}, by identity) whose
     * array has not left the method; empty if the analysis cannot tell.
     */
    static Set<CodeElement> of(CodeModel model) {
        if (model.elementList().stream().noneMatch(e -> e instanceof NewPrimitiveArrayInstruction
                || e instanceof NewReferenceArrayInstruction)) {
            return Set.of(); // the common case: nothing allocated, nothing to analyse
        }
        if (!(model instanceof CodeAttribute attribute)) {
            return Set.of(); // code being built, not parsed: its sizes are not known yet
        }
        LocalArrays a = new LocalArrays(model);
        if (!a.analyse(new State(new int[attribute.maxLocals()], new int[attribute.maxStack() + 1], 0))) {
            return Set.of();
        }
        a.fresh.removeAll(a.shared);
        return a.fresh;
    }

    /** Where {@code label} stands among the elements (a label past the last instruction stands at the end). */
    private int index(Label label) {
        return labels.getOrDefault(label, code.size());
    }

    /** Runs to a fixed point; false if the code holds something the analysis does not model. */
    private boolean analyse(State start) {
        entries[0] = start;
        work.add(0);
        while (!work.isEmpty()) {
            int from = work.poll();
            if (!walk(from, entries[from].copy())) {
                return false;
            }
        }
        return true;
    }

    /** Interprets from element {@code i} to the end of its block, handing the state on to its successors. */
    private boolean walk(int start, State s) {
        for (int i = start; i < code.size(); i++) {
            CodeElement e = code.get(i);
            if (e instanceof LabelTarget && i != start) { // the next block: it goes on with what reaches it
                flow(i, s);
                return true;
            }
            if (!(e instanceof Instruction insn)) {
                continue; // labels at the block's start, line numbers, local variable names
            }
            for (int c = 0; c < catches.size(); c++) {
                if (i >= tryStart[c] && i < tryEnd[c]) {
                    State h = new State(s.locals.clone(), new int[s.stack.length], 0);
                    h.push(OTHER);
                    flow(handler[c], h);
                }
            }
            switch (step(insn, i, s)) {
                case NEXT -> { }
                case END -> {
                    return true;
                }
                case UNKNOWN -> {
                    return false;
                }
            }
        }
        return true;
    }

    private enum Next { NEXT, END, UNKNOWN }

    private Next step(Instruction insn, int i, State s) {
        switch (insn) {
            case ArrayLoadInstruction load -> {
                s.pop();
                array(load, s.pop());
                s.push(kind(load.typeKind()));
            }
            case ArrayStoreInstruction store -> {
                int value = s.pop();
                s.pop();
                array(store, s.pop());
                escape(s, value);
            }
            case LoadInstruction load -> s.push(load.typeKind() == TypeKind.REFERENCE ? s.locals[load.slot()]
                    : kind(load.typeKind()));
            case StoreInstruction store -> {
                int v = s.pop();
                s.locals[store.slot()] = store.typeKind() == TypeKind.REFERENCE ? v : OTHER;
                if (store.typeKind().slotSize() == 2 && store.slot() + 1 < s.locals.length) {
                    s.locals[store.slot() + 1] = OTHER;
                }
            }
            case ConstantInstruction c -> s.push(kind(c.typeKind()));
            case OperatorInstruction op -> operator(op, s);
            case ConvertInstruction c -> {
                s.pop();
                s.push(kind(c.toType()));
            }
            case StackInstruction st -> stack(st.opcode(), s);
            case FieldInstruction f -> field(f, s);
            case InvokeInstruction call -> {
                MethodTypeDesc type = call.typeSymbol();
                popArguments(s, type);
                if (call.opcode() != Opcode.INVOKESTATIC) {
                    escape(s, s.pop());
                }
                pushResult(s, type.returnType());
            }
            case InvokeDynamicInstruction indy -> {
                popArguments(s, indy.typeSymbol());
                pushResult(s, indy.typeSymbol().returnType());
            }
            case NewPrimitiveArrayInstruction n -> {
                s.pop();
                s.push(FRESH + i);
            }
            case NewReferenceArrayInstruction n -> {
                s.pop();
                s.push(FRESH + i);
            }
            case NewMultiArrayInstruction n -> {
                for (int d = 0; d < n.dimensions(); d++) {
                    s.pop();
                }
                s.push(OTHER);
            }
            case TypeCheckInstruction t -> {
                if (t.opcode() == Opcode.INSTANCEOF) {
                    s.pop();
                    s.push(OTHER);
                } // a checkcast leaves the same object on the stack
            }
            case BranchInstruction br -> {
                s.pop(pops(br.opcode()));
                flow(index(br.target()), s);
                return br.opcode() == Opcode.GOTO || br.opcode() == Opcode.GOTO_W ? Next.END : Next.NEXT;
            }
            case LookupSwitchInstruction sw -> {
                s.pop();
                flow(index(sw.defaultTarget()), s);
                for (SwitchCase c : sw.cases()) {
                    flow(index(c.target()), s);
                }
                return Next.END;
            }
            case TableSwitchInstruction sw -> {
                s.pop();
                flow(index(sw.defaultTarget()), s);
                for (SwitchCase c : sw.cases()) {
                    flow(index(c.target()), s);
                }
                return Next.END;
            }
            case ReturnInstruction r -> {
                return Next.END;
            }
            case ThrowInstruction t -> {
                return Next.END;
            }
            case DiscontinuedInstruction d -> {
                return Next.UNKNOWN;
            }
            default -> {
                // monitorenter/monitorexit pop their object; new pushes one; iinc and nop touch no stack
                switch (insn.opcode()) {
                    case MONITORENTER, MONITOREXIT -> s.pop();
                    case NEW -> s.push(OTHER);
                    case IINC, NOP -> { }
                    default -> {
                        return Next.UNKNOWN;
                    }
                }
            }
        }
        return Next.NEXT;
    }

    /** Records what array an access touched. */
    private void array(CodeElement access, int array) {
        (array >= FRESH ? fresh : shared).add(access);
    }

    private static int kind(TypeKind k) {
        return k.slotSize() == 2 ? WIDE : OTHER;
    }

    private static int pops(Opcode branch) {
        return switch (branch) {
            case GOTO, GOTO_W -> 0;
            case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE, IF_ACMPEQ, IF_ACMPNE -> 2;
            default -> 1;
        };
    }

    private static void operator(OperatorInstruction op, State s) {
        switch (op.opcode()) {
            case ARRAYLENGTH -> {
                s.pop();
                s.push(OTHER);
            }
            case INEG, LNEG, FNEG, DNEG -> { } // same kind in, same kind out
            case LCMP, FCMPL, FCMPG, DCMPL, DCMPG -> {
                s.pop(2);
                s.push(OTHER);
            }
            default -> { // binary arithmetic, shifts included: two operands, a result of the operator's kind
                s.pop(2);
                s.push(kind(op.typeKind()));
            }
        }
    }

    private void field(FieldInstruction f, State s) {
        TypeKind type = TypeKind.from(f.typeSymbol());
        switch (f.opcode()) {
            case GETSTATIC -> s.push(kind(type));
            case GETFIELD -> {
                s.pop();
                s.push(kind(type));
            }
            case PUTSTATIC -> escape(s, s.pop());
            default -> { // PUTFIELD
                escape(s, s.pop());
                s.pop();
            }
        }
    }

    private void popArguments(State s, MethodTypeDesc type) {
        for (int p = type.parameterCount() - 1; p >= 0; p--) {
            escape(s, s.pop());
        }
    }

    private static void pushResult(State s, ClassDesc type) {
        if (!type.descriptorString().equals("V")) {
            s.push(kind(TypeKind.from(type)));
        }
    }

    /** A value leaves the frame: if fresh, nothing from its allocation site is fresh any more. */
    private static void escape(State s, int value) {
        if (value < FRESH) {
            return;
        }
        for (int j = 0; j < s.locals.length; j++) {
            if (s.locals[j] == value) {
                s.locals[j] = OTHER;
            }
        }
        for (int j = 0; j < s.top; j++) {
            if (s.stack[j] == value) {
                s.stack[j] = OTHER;
            }
        }
    }

    /** The JVM's dup, pop and swap family, over stack entries where a long or double is one {@link #WIDE} entry. */
    private static void stack(Opcode op, State s) {
        switch (op) {
            case POP -> s.pop();
            case POP2 -> {
                if (s.pop() != WIDE) {
                    s.pop();
                }
            }
            case DUP -> s.push(s.peek(0));
            case DUP_X1 -> s.insert(2, s.peek(0));
            case DUP_X2 -> s.insert(s.peek(1) == WIDE ? 2 : 3, s.peek(0));
            case DUP2 -> {
                if (s.peek(0) == WIDE) {
                    s.push(WIDE);
                } else {
                    int a = s.peek(1);
                    int b = s.peek(0);
                    s.push(a);
                    s.push(b);
                }
            }
            case DUP2_X1 -> {
                if (s.peek(0) == WIDE) {
                    s.insert(2, WIDE);
                } else {
                    int a = s.peek(1);
                    int b = s.peek(0);
                    s.insert(3, b);
                    s.insert(4, a);
                }
            }
            case DUP2_X2 -> {
                boolean wideTop = s.peek(0) == WIDE;
                int below = wideTop ? s.peek(1) : s.peek(2);
                int depth = (below == WIDE ? 1 : 2) + (wideTop ? 1 : 2);
                if (wideTop) {
                    s.insert(depth, WIDE);
                } else {
                    int a = s.peek(1);
                    int b = s.peek(0);
                    s.insert(depth, b);
                    s.insert(depth + 1, a);
                }
            }
            default -> { // SWAP
                int a = s.pop();
                int b = s.pop();
                s.push(a);
                s.push(b);
            }
        }
    }

    /** Hands {@code s} to the block at element {@code target}, merging it into what reached there before. */
    private void flow(int target, State s) {
        State old = entries[target];
        if (old == null) {
            entries[target] = s.copy();
            work.add(target);
        } else if (old.merge(s)) {
            work.add(target);
        }
    }

    /** Locals and stack of one point of the method. */
    private static final class State {
        final int[] locals;
        int[] stack;
        int top;
        State(int[] locals, int[] stack, int top) {
            this.locals = locals;
            this.stack = stack;
            this.top = top;
        }

        State copy() {
            return new State(locals.clone(), stack.clone(), top);
        }

        void push(int v) {
            if (top == stack.length) {
                stack = Arrays.copyOf(stack, top * 2 + 2);
            }
            stack[top++] = v;
        }

        int pop() {
            return stack[--top];
        }

        void pop(int n) {
            top -= n;
        }

        /** The entry {@code depth} below the top (0 is the top). */
        int peek(int depth) {
            return stack[top - 1 - depth];
        }

        /** Puts {@code v} under the top {@code depth} entries. */
        void insert(int depth, int v) {
            push(OTHER);
            System.arraycopy(stack, top - 1 - depth, stack, top - depth, depth);
            stack[top - 1 - depth] = v;
        }

        /** Merges {@code other} into this; whether anything changed. */
        boolean merge(State other) {
            boolean changed = false;
            for (int j = 0; j < locals.length; j++) {
                if (locals[j] != other.locals[j] && locals[j] != OTHER) {
                    locals[j] = OTHER;
                    changed = true;
                }
            }
            for (int j = 0; j < Math.min(top, other.top); j++) {
                if (stack[j] != other.stack[j] && stack[j] != OTHER) {
                    stack[j] = stack[j] == WIDE ? WIDE : OTHER;
                    changed |= stack[j] == OTHER;
                }
            }
            return changed;
        }
    }
}
