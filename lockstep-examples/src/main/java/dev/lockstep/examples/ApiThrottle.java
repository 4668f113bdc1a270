package dev.lockstep.examples;

import com.sun.net.httpserver.HttpServer;
import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Semaphore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed's scenario 2: 1,000 calls to an API that allows 10 at a time, throttled by a {@link Semaphore}. The server
 * is a real HTTP server on loopback (the JDK's {@code HttpServer}), and it measures for itself how many requests are in
 * flight at once, so the limit is checked where it matters, not where it is enforced.
 */
public final class ApiThrottle implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;

    /** Starts the API server on a free loopback port; each request takes {@code latency}. */
    public ApiThrottle(Duration latency) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
        server.setExecutor(handlers);
        server.createContext("/api", exchange -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                try {
                    Thread.sleep(latency);
                } finally {
                    // The call is over once its answer is ready. Count it out (and served) before answering: the
                    // client releases its permit the moment the answer arrives, and the next call may arrive here
                    // before this thread would get past the write.
                    inFlight.decrementAndGet();
                }
                served.incrementAndGet();
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
        uri = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
                + "/api");
    }

    /**
     * Makes {@code calls} calls, each from its own virtual thread, at most {@code limit} at a time if {@code limit}
     * is not null.
     *
     * @return the most requests the server saw in flight at once
     */
    public int callAll(int calls, Semaphore limit) throws InterruptedException {
        peak.set(0);
        served.set(0);
        AtomicInteger failures = new AtomicInteger();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                callers.submit(() -> {
                    try {
                        if (limit == null) {
                            call();
                        } else {
                            try (Guard permit = limit.permit()) {
                                call();
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        if (failures.get() > 0 || served.get() != calls) {
            throw new IllegalStateException(failures.get() + " calls failed; the server served " + served.get()
                    + " of " + calls);
        }
        return peak.get();
    }

    private void call() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("status " + r.statusCode());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.close();
        client.close();
    }
}
