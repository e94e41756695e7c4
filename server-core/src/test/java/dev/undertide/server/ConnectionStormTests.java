package dev.undertide.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.undertide.server.RawSocket.connect;
import static dev.undertide.server.RawSocket.readResponse;
import static dev.undertide.server.RawSocket.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * New connections arriving faster than the I/O thread can open them must not hold that thread: the tasks
 * queued to it meanwhile, such as a response finished on its next turn, take their turn between the
 * openings instead of waiting for the storm to end.
 */
class ConnectionStormTests {

	/** Time each storm request spends on the I/O thread: longer than a client needs to connect again. */
	private static final long STORM_REQUEST_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final int STORM_CLIENTS = 32;

	private static final long STORM_MILLIS = 8_000;

	private UndertideServer server;

	@BeforeEach
	void start() {
		this.server = UndertideServer.builder()
			.host("127.0.0.1")
			.port(0)
			.ioThreads(1)
			.handler(ConnectionStormTests::handle)
			.build();
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void responseFinishedByATaskOfTheIoThreadIsNotHeldBackByAConnectionStorm() throws Exception {
		AtomicBoolean storming = new AtomicBoolean(true);
		AtomicInteger stormAnswers = new AtomicInteger();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < STORM_CLIENTS; i++) {
			Thread client = new Thread(() -> storm(storming, stormAnswers), "storm-client-" + i);
			client.start();
			clients.add(client);
		}
		try {
			long stormStart = System.nanoTime();
			while (stormAnswers.get() < 200) {
				assertThat(System.nanoTime() - stormStart).as("storm under way").isLessThan(TimeUnit.SECONDS.toNanos(5));
				Thread.sleep(10);
			}
			long sent = System.nanoTime();
			try (Socket socket = connect(this.server)) {
				send(socket, "GET /later HTTP/1.1\r\nHost: test\r\n\r\n");
				assertThat(readResponse(socket.getInputStream())).endsWith("later");
			}
			long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
			long stormLeftMillis = STORM_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stormStart);
			assertThat(stormLeftMillis).as("the storm went on while the request was answered").isPositive();
			assertThat(tookMillis).as("answered while new connections kept arriving").isLessThan(2_000);
		}
		finally {
			storming.set(false);
			for (Thread client : clients) {
				client.join(10_000);
			}
		}
	}

	/** One client of the storm: connects, sends a request, reads its answer and closes, again and again. */
	private void storm(AtomicBoolean storming, AtomicInteger answers) {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STORM_MILLIS);
		while (storming.get() && System.nanoTime() < end) {
			try (Socket socket = connect(this.server)) {
				send(socket, "GET /storm HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
				InputStream in = socket.getInputStream();
				readResponse(in);
				answers.incrementAndGet();
			}
			catch (IOException | AssertionError ex) {
				// A connection of the storm may fail as the server stops at the end; the storm only has to last.
			}
		}
	}

	/**
	 * /storm works on the I/O thread for a while, as a handler that answers in place does; /later answers from
	 * a task queued to the I/O thread, as a response that finishes on the I/O thread's next turn does.
	 */
	private static void handle(HttpServerExchange exchange) {
		if (exchange.getRequestPath().equals("/later")) {
			exchange.dispatch(SameThreadExecutor.INSTANCE,
					() -> exchange.getIoThread().execute(() -> exchange.getResponseSender().send("later")));
			return;
		}
		long until = System.nanoTime() + STORM_REQUEST_NANOS;
		while (System.nanoTime() < until) {
			Thread.onSpinWait();
		}
		exchange.getResponseSender().send("storm");
	}

}
