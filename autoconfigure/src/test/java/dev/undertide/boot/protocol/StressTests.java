package dev.undertide.boot.protocol;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.undertide.boot.it.streaming.RawHttpConnection;
import dev.undertide.server.ServerStatistics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded run of 200 concurrent clients for about 20 s against an MVC and a WebFlux server at once:
 * plain requests, async ones that complete on other threads, streamed bodies, and event streams that clients
 * leave halfway. Every answer must be right, none a 5xx; afterwards the servers' own counters must show no
 * connection, request or busy worker left behind.
 */
class StressTests {

	private static final int CLIENTS = 200;

	private static final String[] KINDS = { "/hello", "/async", "/stream", "/events" };

	private static final Duration RUN = Duration.ofSeconds(20);

	private final AtomicLong requests = new AtomicLong();

	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	@Test
	void mixedLoadOnBothStacksLeavesNothingBehind() throws Exception {
		int[] ports = { Stack.MVC.port(), Stack.WEBFLUX.port() };
		long end = System.nanoTime() + RUN.toNanos();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			Stack stack = Stack.values()[i % 2];
			int port = ports[i % 2];
			int first = i / 2;
			Thread client = new Thread(() -> runClient(stack, port, first, end), "stress-client-" + i);
			client.start();
			clients.add(client);
		}
		for (Thread client : clients) {
			client.join(RUN.plusSeconds(30).toMillis());
			assertThat(client.isAlive()).as(client.getName() + " still running").isFalse();
		}
		assertThat(this.failures).as("failures in %d requests", this.requests.get()).isEmpty();
		assertThat(this.requests.get()).isGreaterThan(CLIENTS * 10L);
		for (Stack stack : Stack.values()) {
			awaitIdle(stack::statistics, stack.name());
		}
	}

	/** Goes round the four kinds of request on keep-alive connections until the end of the run. */
	private void runClient(Stack stack, int port, int first, long end) {
		RawHttpConnection connection = null;
		int round = first;
		try {
			for (; System.nanoTime() < end && this.failures.size() < 20; round++) {
				if (connection == null) {
					connection = RawHttpConnection.open(port);
				}
				switch (round % 4) {
					case 0 -> expect(connection, "/hello", "hello");
					case 1 -> expect(connection, "/async?millis=20", "async");
					case 2 -> expect(connection, "/stream?parts=50", streamOf(50));
					default -> {
						leaveEventStream(connection);
						connection = null;
					}
				}
				this.requests.incrementAndGet();
			}
		}
		catch (Exception ex) {
			this.failures.add(stack + " " + KINDS[round % 4] + ": " + ex);
		}
		finally {
			closeQuietly(connection);
		}
	}

	private void expect(RawHttpConnection connection, String path, String body) throws Exception {
		connection.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
		RawHttpConnection.Response response = connection.readResponse();
		if (response.status() != 200 || !response.text().equals(body)) {
			this.failures.add(path + ": " + response.head().statusLine() + " " + abbreviated(response.text()));
		}
	}

	/** Reads two events, then closes the connection in the middle of the stream. */
	private void leaveEventStream(RawHttpConnection connection) throws Exception {
		try (connection) {
			connection.send("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
			RawHttpConnection.Head head = connection.readHead();
			if (head.status() != 200) {
				this.failures.add("/events: " + head.statusLine());
				return;
			}
			InputStream events = connection.body(head);
			RawHttpConnection.readUntil(events, "\n\n");
			RawHttpConnection.readUntil(events, "\n\n");
		}
	}

	private static String streamOf(int parts) {
		StringBuilder body = new StringBuilder();
		for (int part = 0; part < parts; part++) {
			body.append("part-").append(part).append('\n');
		}
		return body.toString();
	}

	private static String abbreviated(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "…" : text;
	}

	private static void closeQuietly(RawHttpConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (Exception ex) {
				// Closing is all that is left to do.
			}
		}
	}

	/** The server's own counters come back to rest: no connection, request or busy worker left. */
	private static void awaitIdle(Supplier<ServerStatistics> statistics, String server) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		ServerStatistics now = statistics.get();
		while (!isIdle(now) && System.nanoTime() < deadline) {
			Thread.sleep(50);
			now = statistics.get();
		}
		assertThat(now.connections().active()).as(server + " connections open").isZero();
		assertThat(now.requests().active()).as(server + " requests in flight").isZero();
		assertThat(now.workers().busy()).as(server + " busy worker threads").isLessThanOrEqualTo(0);
		assertThat(now.workers().queuedTasks()).as(server + " queued worker tasks").isZero();
	}

	private static boolean isIdle(ServerStatistics statistics) {
		return statistics.connections().active() == 0 && statistics.requests().active() == 0
				&& statistics.workers().busy() <= 0 && statistics.workers().queuedTasks() == 0;
	}

}
