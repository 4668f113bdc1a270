/**
 * Code written as a user writes it, outside Lockstep's own packages, so that the Lockstep agent instruments it: the
 * benchmarks measure what the agent costs on it, with and without an explorer.
 */
package dev.lockstep.workload;
