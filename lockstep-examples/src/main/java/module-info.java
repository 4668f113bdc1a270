/** The seed document's scenarios as runnable examples. */
module dev.lockstep.examples {
    requires dev.lockstep.junit;
    requires jdk.httpserver;
    requires java.net.http;
    exports dev.lockstep.examples;
    opens dev.lockstep.examples to org.junit.platform.commons, dev.lockstep.junit;
}
