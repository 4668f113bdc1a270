package dev.lockstep.bench.kotlinx

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.sync.withPermit
import kotlinx.coroutines.yield

/**
 * The seed workloads on kotlinx.coroutines' single-threaded `runBlocking`, the JVM's best coroutine runtime: the
 * counterpart of Lockstep on a Loop (one carrier, suspension at `yield()`), with kotlinx's own Mutex, Semaphore,
 * Channel and CompletableDeferred, the same counts and the same checks.
 */
object KotlinxWorkloads {
    /** Runs workload [name] once and returns its operation count, after its check. */
    @JvmStatic
    fun run(
        name: String, lockTasks: Int, lockIncrements: Int, fanoutRequests: Int, fanoutLimit: Int, queueItems: Int,
        queueProducers: Int, queueConsumers: Int, queueCapacity: Int, eventWaiters: Int, eventRounds: Int,
    ): Long = runBlocking {
        when (name) {
            "lock_counter" -> {
                val lock = Mutex()
                var counter = 0L
                coroutineScope {
                    repeat(lockTasks) {
                        launch {
                            repeat(lockIncrements) {
                                lock.withLock {
                                    val t = counter
                                    yield()
                                    counter = t + 1
                                }
                            }
                        }
                    }
                }
                val ops = lockTasks.toLong() * lockIncrements
                check(counter == ops) { "counter $counter" }
                ops
            }
            "semaphore_fanout" -> {
                val api = Semaphore(fanoutLimit)
                var inFlight = 0
                var peak = 0
                coroutineScope {
                    repeat(fanoutRequests) {
                        launch {
                            api.withPermit {
                                inFlight++
                                peak = maxOf(peak, inFlight)
                                yield()
                                inFlight--
                            }
                        }
                    }
                }
                check(peak == fanoutLimit) { "peak $peak" }
                fanoutRequests.toLong()
            }
            "queue_pipeline" -> {
                val queue = Channel<Int>(queueCapacity)
                var consumed = 0L
                coroutineScope {
                    val consumers = List(queueConsumers) { launch { for (item in queue) consumed++ } }
                    coroutineScope {
                        repeat(queueProducers) { launch { repeat(queueItems / queueProducers) { queue.send(it) } } }
                    }
                    queue.close() // every item sent; the consumers drain what is left, then end
                    consumers.joinAll()
                }
                check(consumed == queueItems.toLong()) { "consumed $consumed" }
                consumed
            }
            "event_broadcast" -> {
                var woke = 0L
                repeat(eventRounds) {
                    val event = CompletableDeferred<Unit>()
                    coroutineScope {
                        repeat(eventWaiters) {
                            launch {
                                event.await()
                                woke++
                            }
                        }
                        yield()
                        event.complete(Unit)
                    }
                }
                val ops = eventWaiters.toLong() * eventRounds
                check(woke == ops) { "woke $woke" }
                ops
            }
            else -> throw IllegalArgumentException("no workload $name")
        }
    }
}
