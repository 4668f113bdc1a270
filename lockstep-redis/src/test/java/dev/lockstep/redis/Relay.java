package dev.lockstep.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between clients and a Redis server that can go silent: while silent it forwards nothing in
 * either direction, and closes nothing, as a link that stopped carrying packets would (no reset, no FIN).
 */
final class Relay implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean silent; // guarded by gate

    Relay(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("relay-accept").start(this::accept);
    }

    String uri() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    /** From now on nothing goes through, either way. */
    void silence() {
        synchronized (gate) {
            silent = true;
        }
    }

    /** Traffic flows again. */
    void speak() {
        synchronized (gate) {
            silent = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pipe(client.getInputStream(), server.getOutputStream());
                pipe(server.getInputStream(), client.getOutputStream());
            }
        } catch (IOException closed) {
            // the relay is closed
        }
    }

    private void pipe(InputStream in, OutputStream out) {
        Thread.ofPlatform().daemon().name("relay-pipe").start(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (gate) {
                        while (silent) {
                            gate.wait(); // hold the bytes: the link is silent
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException closed) {
                // one side closed
            }
        });
    }

    @Override
    public void close() throws IOException {
        speak();
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
