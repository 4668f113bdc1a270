/**
 * The Lockstep agent: {@code -javaagent:lockstep-agent.jar[=OPTIONS]}. It exports nothing; the JVM calls {@link
 * dev.lockstep.agent.Agent}.
 */
module dev.lockstep.agent {
    requires java.instrument;
}
