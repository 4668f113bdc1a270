package dev.lockstep.agent.internal;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.Set;

/**
 * Calls that synchronize become scheduling points, or go through the explorer:
 * <ul>
 *   <li>every call of a {@code java.util.concurrent} class (locks, conditions, latches, semaphores, barriers, queues,
 *       atomics, {@code ConcurrentHashMap}, executors), {@code Thread.start}, {@code LockSupport.park}
 *       and {@code unpark}: a call of {@code Instrumented.call} with the receiver first. A lock's {@code lock} and
 *       {@code tryLock} also report the lock held when they return it, and {@code unlock} reports it released, so that
 *       deadlock pictures name the holder;</li>
 *   <li>{@code Object.wait}, {@code notify} and {@code notifyAll}, and {@code Thread.interrupt}, are replaced by the
 *       hook's methods of the same shape, which do exactly that unless the explorer runs the thread;</li>
 *   <li>{@code Thread.join} needs no point of its own: it parks whenever it has to wait;</li>
 *   <li>{@code Thread.onSpinWait} counts as a loop's back edge.</li>
 * </ul>
 */
final class CallPoints implements CodeTransform {
    private static final String JUC = "java/util/concurrent/";
    /** The lock classes whose lock and unlock methods are tracked for the holder of the lock. */
    private static final Set<String> LOCKS = Set.of("java/util/concurrent/locks/Lock",
            "java/util/concurrent/locks/ReentrantLock", "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock");
    /** The JDK's collections (not thread-safe): a call on one is a scheduling point, as an access to its state. */
    private static final Set<String> COLLECTIONS = Set.of("java/util/Collection", "java/util/List",
            "java/util/Set", "java/util/Map", "java/util/Queue", "java/util/Deque", "java/util/Iterator",
            "java/util/ListIterator", "java/util/SequencedCollection", "java/util/SequencedMap",
            "java/util/SortedMap", "java/util/NavigableMap", "java/util/SortedSet", "java/util/NavigableSet",
            "java/util/ArrayList", "java/util/LinkedList", "java/util/HashMap", "java/util/LinkedHashMap",
            "java/util/TreeMap", "java/util/HashSet", "java/util/LinkedHashSet", "java/util/TreeSet",
            "java/util/ArrayDeque", "java/util/PriorityQueue", "java/util/Vector", "java/util/Stack",
            "java/util/Hashtable", "java/util/IdentityHashMap", "java/util/WeakHashMap", "java/util/EnumMap",
            "java/util/BitSet");
    /** The methods of a collection that change it; every other method only reads it. */
    private static final Set<String> MUTATORS = Set.of("add", "addAll", "addFirst", "addLast", "addElement",
            "put", "putAll", "putIfAbsent", "putFirst", "putLast", "remove", "removeAll", "removeIf", "removeFirst",
            "removeLast", "removeElement", "removeElementAt", "removeAllElements", "retainAll", "clear", "set",
            "setAll", "setElementAt", "insertElementAt", "compute", "computeIfAbsent", "computeIfPresent", "merge",
            "replace", "replaceAll", "sort", "push", "pop", "poll", "pollFirst", "pollLast", "pollFirstEntry",
            "pollLastEntry", "offer", "offerFirst", "offerLast", "trimToSize", "ensureCapacity", "setSize", "flip",
            "and", "or", "xor", "andNot", "reversed");
    /** The functional types a call may hand to another thread to run: wrapped while a race detector runs. */
    private static final Set<String> TASK_TYPES = Set.of("Ljava/lang/Runnable;", "Ljava/util/concurrent/Callable;",
            "Ljava/util/function/Supplier;", "Ljava/util/function/Function;", "Ljava/util/function/Consumer;",
            "Ljava/util/function/BiFunction;", "Ljava/util/function/BiConsumer;");
    private static final MethodTypeDesc HANDOFF_ANY = MethodTypeDesc.of(Method.OBJECT, Method.OBJECT,
            ConstantDescs.CD_Class);
    private static final MethodTypeDesc HANDOFF_KEYED = MethodTypeDesc.of(Method.OBJECT, Method.OBJECT,
            ConstantDescs.CD_Class, Method.OBJECT);
    private static final java.lang.constant.ClassDesc COLLECTION = java.lang.constant.ClassDesc.of(
            "java.util.Collection");
    private static final MethodTypeDesc HANDOFF_ALL = MethodTypeDesc.of(COLLECTION, COLLECTION);
    /**
     * The methods of {@code java.util.concurrent} that run the callbacks they are given before they return (on this
     * thread or on others): the caller acquires what the callbacks did. Executors' {@code submit} and {@code
     * execute}, and {@code CompletableFuture}'s stages, are asynchronous: their futures carry the order instead.
     */
    private static final Set<String> RUNS_CALLBACKS = Set.of("invokeAll", "invokeAny", "invoke", "compute",
            "computeIfAbsent", "computeIfPresent", "merge", "forEach", "forEachKey", "forEachValue", "forEachEntry",
            "reduce", "reduceKeys", "reduceValues", "reduceEntries", "search", "searchKeys", "searchValues",
            "searchEntries", "replaceAll", "removeIf", "getAndUpdate", "updateAndGet", "getAndAccumulate",
            "accumulateAndGet");
    /** The methods that return a view synchronizing through its receiver: conditions, read and write locks. */
    private static final Set<String> VIEWS = Set.of("newCondition", "readLock", "writeLock", "asReadLock",
            "asWriteLock");
    /** The methods of an executor that return only once its tasks (or those it was given) have ended. */
    private static final Set<String> AWAITS_TASKS = Set.of("close", "awaitTermination", "invokeAll", "invokeAny");
    private static final MethodTypeDesc OBJECT_OBJECT = MethodTypeDesc.of(ConstantDescs.CD_void, Method.OBJECT,
            Method.OBJECT);
    private static final MethodTypeDesc USE = MethodTypeDesc.of(ConstantDescs.CD_void, Method.OBJECT, Method.STRING,
            ConstantDescs.CD_boolean);
    private static final MethodTypeDesc VOID = MethodTypeDesc.of(ConstantDescs.CD_void);
    private static final MethodTypeDesc OBJECT = MethodTypeDesc.of(ConstantDescs.CD_void, Method.OBJECT);
    private static final MethodTypeDesc BOOLEAN_OBJECT = MethodTypeDesc.of(ConstantDescs.CD_boolean,
            ConstantDescs.CD_boolean, Method.OBJECT);

    private final Method method;

    CallPoints(Method method) {
        this.method = method;
    }

    @Override
    public void accept(CodeBuilder b, CodeElement e) {
        if (!(e instanceof InvokeInstruction i)) {
            b.with(e);
            return;
        }
        String owner = i.owner().asInternalName();
        String name = i.name().stringValue();
        if (name.equals("<init>")) {
            b.with(i); // making an object synchronizes nothing (and its receiver is not an object yet)
            return;
        }
        MethodTypeDesc type = i.typeSymbol();
        if (i.opcode() != Opcode.INVOKESTATIC && replacedObjectMethod(b, name, type)) {
            return;
        }
        if (i.opcode() == Opcode.INVOKESTATIC && replacedTime(b, owner, name, type)) {
            return;
        }
        if (owner.startsWith("java/lang/Thread$Builder")
                || owner.equals("java/lang/Thread") && name.equals("startVirtualThread")) {
            handedOver(b, i); // the thread's start is seen by the explorer; the race detector needs the task
            return;
        }
        if (owner.equals("java/lang/Thread")) {
            switch (name) {
                case "interrupt" -> {
                    if (i.opcode() == Opcode.INVOKEVIRTUAL && type.parameterCount() == 0) {
                        b.invokestatic(Method.HOOK, "interrupt", MethodTypeDesc.of(ConstantDescs.CD_void,
                                Method.THREAD));
                        return;
                    }
                }
                case "start" -> {
                    pointWithReceiver(b, i, owner, name);
                    return;
                }
                // No point before join: it parks (a point the explorer sees) whenever the thread has not ended, and
                // one that has ended returns at once, as if joined at the caller's next point.
                case "onSpinWait" -> b.invokestatic(Method.HOOK, "backEdge", VOID);
                case "join" -> {
                    if (i.opcode() == Opcode.INVOKEVIRTUAL) {
                        joined(b, i);
                        return;
                    }
                }
                default -> { }
            }
            b.with(i);
            return;
        }
        if (owner.startsWith("java/util/stream/")) {
            callbacksOfStream(b, i);
            return;
        }
        if (owner.startsWith(JUC)) {
            if (!replacedWait(b, i, owner, name)) {
                pointWithReceiver(b, i, owner, name);
            }
            return;
        }
        if (i.opcode() != Opcode.INVOKESTATIC && COLLECTIONS.contains(owner)) {
            // A JDK collection's own fields are not instrumented: a call on one is where its state is read or written.
            useOfCollection(b, i, name);
            return;
        }
        b.with(i);
    }

    /**
     * The clocks and the sleep of the JDK: {@code System.nanoTime()}, {@code currentTimeMillis()}, {@code
     * Instant.now()}, {@code Clock.systemUTC()} and {@code systemDefaultZone()}, {@code Thread.sleep}: replaced by
     * the hook's methods of the same shape, virtual for a thread the explorer runs; false if not one.
     */
    private static boolean replacedTime(CodeBuilder b, String owner, String name, MethodTypeDesc type) {
        String hook = switch (owner + "." + name + type.descriptorString()) {
            case "java/lang/System.nanoTime()J" -> "nanoTime";
            case "java/lang/System.currentTimeMillis()J" -> "currentTimeMillis";
            case "java/time/Instant.now()Ljava/time/Instant;" -> "instantNow";
            case "java/time/Clock.systemUTC()Ljava/time/Clock;" -> "systemUTC";
            case "java/time/Clock.systemDefaultZone()Ljava/time/Clock;" -> "systemDefaultZone";
            case "java/lang/Thread.sleep(J)V", "java/lang/Thread.sleep(Ljava/time/Duration;)V" -> "sleep";
            default -> null;
        };
        if (hook == null) {
            return false;
        }
        b.invokestatic(Method.HOOK, hook, type);
        return true;
    }

    /** {@code o.wait(...)}, {@code o.notify()}, {@code o.notifyAll()}: replaced by the hook's method; false if not one. */
    private static boolean replacedObjectMethod(CodeBuilder b, String name, MethodTypeDesc type) {
        String descriptor = type.descriptorString();
        String hook = switch (name + descriptor) {
            case "wait()V", "wait(J)V", "wait(JI)V" -> "waitOn";
            case "notify()V" -> "notify";
            case "notifyAll()V" -> "notifyAll";
            default -> null;
        };
        if (hook == null) {
            return false;
        }
        b.invokestatic(Method.HOOK, hook, type.insertParameterTypes(0, Method.OBJECT));
        return true;
    }

    /**
     * The untimed parks whose callers may loop with {@code if} instead of {@code while}: {@code LockSupport.park()} and
     * {@code park(blocker)}, replaced by the hook's methods, which are the scheduling point and may return spuriously
     * when the explorer is asked to. ({@code Object.wait} goes through the explorer's monitors; a spurious return of
     * {@code Condition.await} needs its lock given up and taken back under virtual time, which is not there yet.)
     */
    private boolean replacedWait(CodeBuilder b, InvokeInstruction i, String owner, String name) {
        String hook = switch (owner + "." + name + i.typeSymbol().descriptorString()) {
            case "java/util/concurrent/locks/LockSupport.park()V",
                    "java/util/concurrent/locks/LockSupport.park(Ljava/lang/Object;)V" -> "park";
            default -> null;
        };
        if (hook == null) {
            return false;
        }
        MethodTypeDesc type = i.typeSymbol();
        if (i.opcode() != Opcode.INVOKESTATIC) {
            type = type.insertParameterTypes(0, i.owner().asSymbol());
        }
        b.ldc(method.site(Method.simpleName(i.owner().asSymbol()) + "." + name))
                .invokestatic(Method.HOOK, hook, type.insertParameterTypes(type.parameterCount(), Method.STRING));
        return true;
    }

    /**
     * A scheduling point before the call, told the receiver (null for a static method): the arguments are set aside
     * in fresh locals, the receiver is handed to the hook, and the arguments are put back.
     */
    private void pointWithReceiver(CodeBuilder b, InvokeInstruction i, String owner, String name) {
        String site = method.site(Method.simpleName(i.owner().asSymbol()) + "." + name);
        MethodTypeDesc type = i.typeSymbol();
        if (i.opcode() == Opcode.INVOKESTATIC) {
            Args args = Args.store(b, type);
            int task = args.wrapTasks(b);
            b.aconst_null().ldc(site).invokestatic(Method.HOOK, "call", Method.OBJECT_STRING);
            args.load(b);
            b.with(i);
            link(b, type, task);
            if (task >= 0 && RUNS_CALLBACKS.contains(name)) {
                args.returned(b);
            }
            return;
        }
        Args args = Args.store(b, type);
        boolean callbacks = RUNS_CALLBACKS.contains(name);
        int receiver = b.allocateLocal(TypeKind.REFERENCE);
        b.dup().astore(receiver);
        // A method that runs its callbacks before it returns orders them by its receiver (ConcurrentHashMap's
        // compute is atomic for its key; ordering every key may hide a race, never invent one); a task handed on
        // is ordered by itself, and by its future and its executor's termination.
        int task = callbacks ? args.wrapCallbacks(b, receiver) : args.wrapTasks(b);
        args.wrapTaskLists(b, name);
        int n = type.parameterCount();
        int[] slots = args.slots;
        TypeKind[] kinds = args.kinds;
        boolean lock = LOCKS.contains(owner);
        boolean acquires = lock && (name.equals("lock") || name.equals("lockInterruptibly") || name.equals("tryLock"));
        boolean releases = lock && name.equals("unlock");
        // A condition, and the read and write views of a read-write lock, synchronize through their lock.
        boolean condition = VIEWS.contains(name) && type.parameterCount() == 0;
        boolean awaits = AWAITS_TASKS.contains(name);
        b.dup().ldc(site).invokestatic(Method.HOOK, "call", Method.OBJECT_STRING);
        if (releases) {
            b.aload(receiver).invokestatic(Method.HOOK, "unlocking", OBJECT);
        }
        for (int k = 0; k < n; k++) {
            b.loadLocal(kinds[k], slots[k]);
        }
        b.with(i);
        if (acquires) {
            if (type.returnType().equals(ConstantDescs.CD_boolean)) {
                b.aload(receiver).invokestatic(Method.HOOK, "locked", BOOLEAN_OBJECT);
            } else {
                b.aload(receiver).invokestatic(Method.HOOK, "locked", OBJECT);
            }
        }
        link(b, type, task);
        if (callbacks) {
            args.returned(b);
        } else if (task >= 0) {
            b.aload(receiver).aload(task).invokestatic(Method.HOOK, "submitted", OBJECT_OBJECT);
        }
        if (condition) {
            b.dup().aload(receiver).invokestatic(Method.HOOK, "conditionOf", OBJECT_OBJECT);
        }
        if (awaits) {
            b.aload(receiver).invokestatic(Method.HOOK, "awaited", OBJECT);
        }
    }

    /** After a call that handed a wrapped task on: its result (a future, a thread) is linked to the task. */
    private static void link(CodeBuilder b, MethodTypeDesc type, int task) {
        if (task >= 0 && !type.returnType().isPrimitive()) {
            b.dup().aload(task).invokestatic(Method.HOOK, "linked", OBJECT_OBJECT);
        }
    }

    /** A call that starts a thread with a task (a thread builder): the task is wrapped, no scheduling point. */
    private static void handedOver(CodeBuilder b, InvokeInstruction i) {
        MethodTypeDesc type = i.typeSymbol();
        if (type.parameterList().stream().noneMatch(p -> TASK_TYPES.contains(p.descriptorString()))) {
            b.with(i);
            return;
        }
        Args args = Args.store(b, type);
        int task = args.wrapTasks(b);
        args.load(b);
        b.with(i);
        link(b, type, task);
    }

    /**
     * A call on a stream: its callbacks are wrapped, so that a parallel stream's workers order what they did before
     * the terminal operation returns, and the caller acquires them after each call (an intermediate operation runs
     * none yet, which costs nothing). No scheduling point: a stream's own code is the JDK's.
     */
    private static void callbacksOfStream(CodeBuilder b, InvokeInstruction i) {
        MethodTypeDesc type = i.typeSymbol();
        if (type.parameterList().stream().noneMatch(CallPoints::callback)) {
            b.with(i);
            return;
        }
        Args args = Args.store(b, type);
        args.wrapCallbacks(b, "handoffToStream");
        args.load(b);
        b.with(i);
        args.returned(b);
    }

    /** {@code thread.join(...)}: no point before it (it parks when it waits), but the race detector hears it return. */
    private static void joined(CodeBuilder b, InvokeInstruction i) {
        MethodTypeDesc type = i.typeSymbol();
        Args args = Args.store(b, type);
        int thread = b.allocateLocal(TypeKind.REFERENCE);
        b.dup().astore(thread);
        args.load(b);
        b.with(i);
        b.aload(thread).invokestatic(Method.HOOK, "joined", MethodTypeDesc.of(ConstantDescs.CD_void, Method.THREAD));
    }

    /** Whether a parameter of this type takes code to run: a task type, or any of {@code java.util.function}. */
    private static boolean callback(java.lang.constant.ClassDesc type) {
        String d = type.descriptorString();
        return TASK_TYPES.contains(d) || d.startsWith("Ljava/util/function/");
    }

    /** A call on a JDK collection: a scheduling point, and a read or write of its contents for the race detector. */
    private void useOfCollection(CodeBuilder b, InvokeInstruction i, String name) {
        String site = method.site(Method.simpleName(i.owner().asSymbol()) + "." + name);
        Args args = Args.store(b, i.typeSymbol());
        boolean callbacks = RUNS_CALLBACKS.contains(name);
        if (callbacks) {
            // A concurrent map called through Map (compute, merge): its callbacks are ordered by the map, as for a
            // call through its own class; for a collection that is not thread-safe the hook leaves them alone.
            int receiver = b.allocateLocal(TypeKind.REFERENCE);
            b.dup().astore(receiver);
            args.wrapCallbacks(b, receiver);
        }
        b.dup().ldc(site).loadConstant(MUTATORS.contains(name) ? 1 : 0).invokestatic(Method.HOOK, "use", USE);
        args.load(b);
        b.with(i);
        if (callbacks) {
            args.returned(b);
        }
    }

    /** A call's arguments, set aside in fresh locals so that the receiver under them can be handed to a hook. */
    private record Args(int[] slots, TypeKind[] kinds, MethodTypeDesc type, java.util.List<Integer> lists) {
        static Args store(CodeBuilder b, MethodTypeDesc type) {
            int n = type.parameterCount();
            int[] slots = new int[n];
            TypeKind[] kinds = new TypeKind[n];
            for (int k = n - 1; k >= 0; k--) {
                kinds[k] = TypeKind.from(type.parameterType(k));
                slots[k] = b.allocateLocal(kinds[k]);
                b.storeLocal(kinds[k], slots[k]);
            }
            return new Args(slots, kinds, type, new java.util.ArrayList<>());
        }

        /**
         * Wraps every task or callback argument ({@code Instrumented.handoff}, or {@code handoffAny} for the other
         * functional interfaces of {@code java.util.function}); the slot of the last one, or -1 if none.
         */
        int wrapTasks(CodeBuilder b) {
            int last = -1;
            for (int k = 0; k < slots.length; k++) {
                java.lang.constant.ClassDesc p = type.parameterType(k);
                if (TASK_TYPES.contains(p.descriptorString())) {
                    b.aload(slots[k]).invokestatic(Method.HOOK, "handoff", MethodTypeDesc.of(p, p)).astore(slots[k]);
                    last = slots[k];
                } else if (p.descriptorString().startsWith("Ljava/util/function/")) {
                    b.aload(slots[k]).ldc(p).invokestatic(Method.HOOK, "handoffAny", HANDOFF_ANY).checkcast(p)
                            .astore(slots[k]);
                    last = slots[k];
                }
            }
            return last;
        }

        /** Wraps every callback argument so that it releases into and acquires from {@code key}'s object. */
        int wrapCallbacks(CodeBuilder b, int key) {
            int last = -1;
            for (int k = 0; k < slots.length; k++) {
                java.lang.constant.ClassDesc p = type.parameterType(k);
                if (callback(p)) {
                    b.aload(slots[k]).ldc(p).aload(key).invokestatic(Method.HOOK, "handoffKeyed", HANDOFF_KEYED)
                            .checkcast(p).astore(slots[k]);
                    last = slots[k];
                }
            }
            return last;
        }

        /** For {@code invokeAll} and {@code invokeAny}: their collection of tasks, each wrapped, in a list. */
        void wrapTaskLists(CodeBuilder b, String name) {
            if (!name.equals("invokeAll") && !name.equals("invokeAny")) {
                return;
            }
            for (int k = 0; k < slots.length; k++) {
                if (type.parameterType(k).descriptorString().equals("Ljava/util/Collection;")) {
                    b.aload(slots[k]).invokestatic(Method.HOOK, "handoffAll", HANDOFF_ALL).astore(slots[k]);
                    lists.add(slots[k]);
                }
            }
        }

        /** Wraps every callback argument with the hook {@code hook} ({@code (Object, Class) -> Object}). */
        void wrapCallbacks(CodeBuilder b, String hook) {
            for (int k = 0; k < slots.length; k++) {
                java.lang.constant.ClassDesc p = type.parameterType(k);
                if (callback(p)) {
                    b.aload(slots[k]).ldc(p).invokestatic(Method.HOOK, hook, HANDOFF_ANY).checkcast(p)
                            .astore(slots[k]);
                }
            }
        }

        /** After a call that ran its callbacks before returning: the caller acquires what each of them released. */
        void returned(CodeBuilder b) {
            for (int slot : lists) {
                b.aload(slot).invokestatic(Method.HOOK, "returnedFromAll", OBJECT);
            }
            for (int k = 0; k < slots.length; k++) {
                if (callback(type.parameterType(k))) {
                    b.aload(slots[k]).invokestatic(Method.HOOK, "returnedFrom", OBJECT);
                }
            }
        }

        void load(CodeBuilder b) {
            for (int k = 0; k < slots.length; k++) {
                b.loadLocal(kinds[k], slots[k]);
            }
        }
    }
}
