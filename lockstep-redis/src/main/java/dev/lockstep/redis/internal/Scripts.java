package dev.lockstep.redis.internal;

import dev.lockstep.redis.internal.Connection.Script;

/**
 * Every state change of the distributed primitives, each one Lua script so that Redis runs it atomically. Times come
 * from the server's own clock ({@code TIME}), so clients' clocks never matter.
 */
public final class Scripts {
    private Scripts() {}

    /** Milliseconds on the server's clock. */
    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /**
     * The next fencing token of the counter at {@code KEYS[k]}: one more than the last, and at least the server's
     * clock in microseconds. The floor keeps tokens growing across a failover that lost the last grants (with their
     * increments) before they reached the replica: the new master's clock is past the lost grants' times, provided
     * the servers' clocks agree to within the failover's duration (at least the cluster node timeout).
     */
    private static String nextToken(int k) {
        return "local floor = tonumber(t[1]) * 1000000 + tonumber(t[2])\n"
                + "local token = math.max(tonumber(redis.call('GET', KEYS[" + k + "]) or '0') + 1, floor)\n"
                + "redis.call('SET', KEYS[" + k + "], string.format('%d', token))\n";
    }

    /** Drops queued waiters at the head that stopped refreshing their place (their process is gone). */
    private static final String PURGE_WAITERS = """
            while true do
              local head = redis.call('LINDEX', KEYS[2], 0)
              if not head then break end
              local expiry = redis.call('ZSCORE', KEYS[3], head)
              if expiry and tonumber(expiry) > now then break end
              redis.call('LPOP', KEYS[2])
              redis.call('ZREM', KEYS[3], head)
            end
            """;

    /** Joins the FIFO queue (or refreshes the place in it) when ARGV[enqueue] is '1'. */
    private static String enqueue(int idArg, int ttlArg, int flagArg) {
        return "if ARGV[" + flagArg + "] == '1' then\n"
                + "  if not redis.call('ZSCORE', KEYS[3], ARGV[" + idArg + "]) then\n"
                + "    redis.call('RPUSH', KEYS[2], ARGV[" + idArg + "])\n"
                + "  end\n"
                + "  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[" + ttlArg + "]), ARGV[" + idArg + "])\n"
                // Every live waiter keeps the queue's keys alive; once all have died, they expire.
                + "  redis.call('PEXPIRE', KEYS[2], 2 * tonumber(ARGV[" + ttlArg + "]))\n"
                + "  redis.call('PEXPIRE', KEYS[3], 2 * tonumber(ARGV[" + ttlArg + "]))\n"
                + "end\n";
    }

    // ---- mutex: KEYS owner, queue, waiters, fence -------------------------------------------------------------------

    /** ARGV id, leaseMs, queueTtlMs, enqueue. Returns {1, fencingToken} or {0, owner's remaining ms}. */
    public static final Script MUTEX_ACQUIRE = new Script("mutex-acquire", NOW + PURGE_WAITERS + """
            local head = redis.call('LINDEX', KEYS[2], 0)
            if redis.call('EXISTS', KEYS[1]) == 0 and ((not head) or head == ARGV[1]) then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              if head == ARGV[1] then redis.call('LPOP', KEYS[2]) end
              redis.call('ZREM', KEYS[3], ARGV[1])
            """ + nextToken(4) + """
              return {1, token}
            end
            """ + enqueue(1, 3, 4) + """
            return {0, redis.call('PTTL', KEYS[1])}
            """);

    /**
     * Tells the first live waiter in the queue, and only it, that it may take the resource now ("head:ID"): the other
     * waiters of every process stay asleep, so a release costs one script of the waiter it serves, not one per waiter.
     * With nobody queued, "released" (a waiter about to queue up looks again anyway).
     */
    private static final String WAKE_HEAD = """
            local first = redis.call('LINDEX', KEYS[2], 0)
            redis.call('PUBLISH', ARGV[2], first and ('head:' .. first) or 'released')
            """;

    /** KEYS owner, queue, waiters; ARGV id, channel. 1 if released, 0 if this id no longer held it. */
    public static final Script MUTEX_RELEASE = new Script("mutex-release", NOW + """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
            """ + PURGE_WAITERS + WAKE_HEAD + """
              return 1
            end
            return 0
            """);

    /** KEYS owner; ARGV id, leaseMs. 1 if renewed, 0 if lost. */
    public static final Script MUTEX_RENEW = new Script("mutex-renew", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """);

    /** KEYS queue, waiters; ARGV id, channel. Leaves the queue; wakes the others if it was at the head. */
    public static final Script LEAVE = new Script("leave-queue", """
            local head = redis.call('LINDEX', KEYS[1], 0)
            redis.call('LREM', KEYS[1], 0, ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            if head == ARGV[1] then
              local nxt = redis.call('LINDEX', KEYS[1], 0)
              redis.call('PUBLISH', ARGV[2], nxt and ('head:' .. nxt) or 'left')
            end
            return 1
            """);

    // ---- semaphore: KEYS holders, queue, waiters, limit, fence ----------------------------------------------------

    /**
     * ARGV id, limit, leaseMs, queueTtlMs, enqueue, channel. Returns {1, fencingToken}, {0, ms until the first permit's
     * lease ends or -1}, or {-1, agreed limit} if the semaphore exists with another limit.
     */
    public static final Script SEMAPHORE_ACQUIRE = new Script("semaphore-acquire", NOW + """
            local limit = tonumber(ARGV[2])
            local agreed = redis.call('GET', KEYS[4])
            if not agreed then
              redis.call('SET', KEYS[4], ARGV[2])
            elseif tonumber(agreed) ~= limit then
              return {-1, tonumber(agreed)}
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            """ + PURGE_WAITERS + """
            local head = redis.call('LINDEX', KEYS[2], 0)
            local held = redis.call('ZCARD', KEYS[1])
            if held < limit and ((not head) or head == ARGV[1]) then
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
              if head == ARGV[1] then redis.call('LPOP', KEYS[2]) end
              redis.call('ZREM', KEYS[3], ARGV[1])
              local nxt = redis.call('LINDEX', KEYS[2], 0)
              if held + 1 < limit and nxt then
                redis.call('PUBLISH', ARGV[6], 'head:' .. nxt)
              end
            """ + nextToken(5) + """
              return {1, token}
            end
            """ + enqueue(1, 4, 5) + """
            local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            if first[2] then return {0, tonumber(first[2]) - now} end
            return {0, -1}
            """);

    /** KEYS holders, queue, waiters; ARGV id, channel. 1 if released, 0 if this permit was not held (any more). */
    public static final Script SEMAPHORE_RELEASE = new Script("semaphore-release", NOW + """
            if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
            """ + PURGE_WAITERS + WAKE_HEAD + """
              return 1
            end
            return 0
            """);

    /** KEYS holders; ARGV id, leaseMs. 1 if renewed; 0 if the permit's lease had already run out (it is then lost). */
    public static final Script SEMAPHORE_RENEW = new Script("semaphore-renew", NOW + """
            local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if expiry and tonumber(expiry) > now then
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2])) -- outlives every holder's lease, and no more
              return 1
            end
            redis.call('ZREM', KEYS[1], ARGV[1])
            return 0
            """);

    /** KEYS holders, limit; ARGV permits (of a semaphore nobody acquired yet). The permits free now. */
    public static final Script SEMAPHORE_AVAILABLE = new Script("semaphore-available", NOW + """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local limit = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
            return limit - redis.call('ZCARD', KEYS[1])
            """);

    // ---- event: KEYS flag, generation --------------------------------------------------------------------------------

    /** ARGV channel. Sets the flag and tells every waiting process. */
    public static final Script EVENT_SET = new Script("event-set", """
            redis.call('SET', KEYS[1], '1')
            local g = redis.call('INCR', KEYS[2])
            redis.call('PUBLISH', ARGV[1], g)
            return g
            """);

    /** Clears the flag. */
    public static final Script EVENT_CLEAR = new Script("event-clear", """
            redis.call('DEL', KEYS[1])
            return 1
            """);

    /** {flag (0 or 1), generation}. */
    public static final Script EVENT_STATE = new Script("event-state", """
            return {redis.call('EXISTS', KEYS[1]), tonumber(redis.call('GET', KEYS[2]) or '0')}
            """);

    // ---- work queue: KEYS stream, unfinished, dead ----------------------------------------------------------------

    /** ARGV group. Creates the consumer group (and the stream) if missing. */
    public static final Script QUEUE_INIT = new Script("queue-init", """
            redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
            return 1
            """);

    /** ARGV payload, channel. Appends an item, counts it unfinished, tells the takers. Returns its id. */
    public static final Script QUEUE_PUT = new Script("queue-put", """
            local id = redis.call('XADD', KEYS[1], '*', 'payload', ARGV[1])
            redis.call('INCR', KEYS[2])
            redis.call('PUBLISH', ARGV[2], id)
            return id
            """);

    /** Acknowledges an item, deletes it, counts it done, and tells the joiners when nothing is left. */
    private static final String FINISH = """
            local function finish(id)
              if redis.call('XACK', KEYS[1], ARGV[1], id) == 1 then
                redis.call('XDEL', KEYS[1], id)
                local left = redis.call('DECR', KEYS[2])
                if left <= 0 then redis.call('PUBLISH', ARGV[5], '0') end
                return 1
              end
              return 0
            end
            """;

    /**
     * ARGV group, consumer, visibilityMs, maxDeliveries, doneChannel. Takes a delivery: first one whose consumer went
     * quiet longer than the visibility timeout (moved to the dead-letter stream instead once it has been delivered
     * maxDeliveries times), else one never delivered. Returns {id, payload, deliveries}, or {} when there is nothing to take.
     */
    public static final Script QUEUE_TAKE = new Script("queue-take", FINISH + """
            local cursor = '0-0'
            for i = 1, 100 do
              local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor, 'COUNT', 1)
              cursor = claimed[1]
              local entry = claimed[2][1]
              if not entry then break end
              if entry[2] then
                local id = entry[1]
                local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
                local deliveries = tonumber(pending[1][4])
                if deliveries > tonumber(ARGV[4]) then
                  -- this claim counted as a delivery, but nobody receives it: the consumers had deliveries - 1
                  redis.call('XADD', KEYS[3], '*', 'payload', entry[2][2], 'id', id, 'deliveries', deliveries - 1)
                  finish(id)
                else
                  return {id, entry[2][2], deliveries}
                end
              end
              if cursor == '0-0' then break end
            end
            -- Consumers with nothing pending and idle for two visibility timeouts are gone (dead clients) or will
            -- be made again by their next take: drop them, so that they do not pile up.
            for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
              local f = {}
              for j = 1, #c, 2 do f[c[j]] = c[j + 1] end
              if f['name'] ~= ARGV[2] and tonumber(f['pending']) == 0
                  and tonumber(f['idle']) > 2 * tonumber(ARGV[3]) then
                redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], f['name'])
              end
            end
            local fresh = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', 1, 'STREAMS', KEYS[1], '>')
            if fresh then
              local e = fresh[1][2][1]
              return {e[1], e[2][2], 1}
            end
            return {}
            """);

    /** ARGV group, id, (unused), (unused), doneChannel. 1 if this acknowledgement counted, 0 if already acknowledged. */
    public static final Script QUEUE_ACK = new Script("queue-ack", FINISH + """
            return finish(ARGV[2])
            """);

    /** ARGV group, consumer, id. Resets a delivery's idle time if this consumer still owns it: 1, else 0. */
    public static final Script QUEUE_EXTEND = new Script("queue-extend", """
            local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
            if pending[1] and pending[1][2] == ARGV[2] then
              redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
              return 1
            end
            return 0
            """);

    /** The unfinished count. */
    public static final Script QUEUE_UNFINISHED = new Script("queue-unfinished", """
            return tonumber(redis.call('GET', KEYS[2]) or '0')
            """);

    /** Every dead letter: {{id, payload, original id, deliveries}, ...}. */
    public static final Script QUEUE_DEAD = new Script("queue-dead-letters", """
            local out = {}
            for _, e in ipairs(redis.call('XRANGE', KEYS[3], '-', '+')) do
              local f = e[2]
              table.insert(out, {e[1], f[2], f[4], f[6]})
            end
            return out
            """);
}
