package dev.undertide.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.undertide.server.RawSocket.await;
import static dev.undertide.server.RawSocket.readResponse;
import static dev.undertide.server.RawSocket.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every connection a timeout gives up is counted in the server's statistics, by timeout; connections that
 * end otherwise are not.
 */
class TimeoutStatisticsTests {

	private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

	private UndertideServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void headThatStopsArrivingIsCountedAsARequestHeaderTimeout() throws Exception {
		start(UndertideServer.builder().requestHeaderTimeout(Duration.ofMillis(300)));
		try (Socket socket = connect()) {
			send(socket, "GET /write HTTP/1.1\r\nHost: test\r\nX-Slow: ");
			long start = System.nanoTime();
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
		}
		await(() -> timeouts().requestHeader() == 1);
		assertThat(timeouts().read()).isZero();
		assertThat(timeouts().write()).isZero();
	}

	@Test
	void headPipelinedBehindARequestThatStopsArrivingIsCountedAsARequestHeaderTimeout() throws Exception {
		start(UndertideServer.builder().requestHeaderTimeout(Duration.ofMillis(300)));
		try (Socket socket = connect()) {
			// Read in one go with the first request: no later read starts the second head's clock.
			send(socket, "GET /quick HTTP/1.1\r\nHost: test\r\n\r\nGET /quick HTTP/1.1\r\nHost: te");
			long start = System.nanoTime();
			socket.getInputStream().readAllBytes();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
		}
		await(() -> timeouts().requestHeader() == 1);
	}

	@Test
	void keptAliveConnectionWaitingLongerThanTheRequestHeaderTimeoutIsServed() throws Exception {
		start(UndertideServer.builder().requestHeaderTimeout(Duration.ofMillis(300)));
		try (Socket socket = connect()) {
			send(socket, "GET /quick HTTP/1.1\r\nHost: test\r\n\r\n");
			assertThat(readResponse(socket.getInputStream())).endsWith("quick");
			// No byte of the next head yet: its clock has not started.
			Thread.sleep(900);
			send(socket, "GET /quick HTTP/1.1\r\nHost: test\r\n\r\n");
			assertThat(readResponse(socket.getInputStream())).endsWith("quick");
		}
		assertThat(timeouts().requestHeader()).isZero();
	}

	@Test
	void requestHandledLongerThanTheRequestHeaderTimeoutIsServed() throws Exception {
		start(UndertideServer.builder().requestHeaderTimeout(Duration.ofMillis(300)));
		try (Socket socket = connect()) {
			send(socket, "GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
			assertThat(readResponse(socket.getInputStream())).endsWith("slow");
		}
		assertThat(timeouts().requestHeader()).isZero();
	}

	/** Watching request heads must leave undertow's own handling of a closing connection to run once. */
	@Test
	void closedConnectionsAreNoLongerCountedAsOpen() throws Exception {
		start(UndertideServer.builder().requestHeaderTimeout(Duration.ofMillis(300)));
		for (int i = 0; i < 5; i++) {
			try (Socket socket = connect()) {
				send(socket, "GET /quick HTTP/1.1\r\nHost: test\r\n\r\n");
				assertThat(readResponse(socket.getInputStream())).endsWith("quick");
			}
		}
		await(() -> this.server.getStatistics().connections().active() <= 0);
		assertThat(this.server.getStatistics().connections().active()).isZero();
	}

	@Test
	void bodyThatStopsArrivingIsCountedAsAReadTimeout() throws Exception {
		start(UndertideServer.builder().readTimeout(Duration.ofMillis(300)));
		try (Socket socket = connect()) {
			send(socket, "POST /read HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\nonly ten..");
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).startsWith("failed");
			await(() -> timeouts().read() == 1);
		}
		assertThat(timeouts().write()).isZero();
		assertThat(timeouts().requestHeader()).isZero();
	}

	@Test
	void bodyReadWholeCountsNoTimeout() throws Exception {
		start(UndertideServer.builder().readTimeout(Duration.ofMillis(300)));
		try (Socket socket = connect()) {
			send(socket, "POST /read HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nall ten...");
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("read 10");
			Thread.sleep(600);
		}
		assertThat(timeouts()).isEqualTo(new ServerStatistics.Timeouts(0, 0, 0));
	}

	@Test
	void clientThatStopsReadingIsCountedAsAWriteTimeout() throws Exception {
		start(UndertideServer.builder().writeTimeout(Duration.ofMillis(300)));
		try (Socket socket = connect()) {
			send(socket, "GET /write HTTP/1.1\r\nHost: test\r\n\r\n");
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).startsWith("failed");
			await(() -> timeouts().write() == 1);
		}
		assertThat(timeouts().read()).isZero();
	}

	@Test
	void clientThatReadsTheWholeResponseCountsNoTimeout() throws Exception {
		start(UndertideServer.builder().writeTimeout(Duration.ofMillis(300)));
		try (Socket socket = connect()) {
			send(socket, "GET /write HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[64 * 1024];
			while (in.read(buffer) >= 0) {
				// Read to the end.
			}
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("written");
		}
		assertThat(timeouts().write()).isZero();
	}

	private void start(UndertideServer.Builder builder) {
		this.server = builder.host("127.0.0.1").port(0).handler(this::handle).build();
		this.server.start();
	}

	/** Blocking reads and writes on a worker thread, as a servlet does. */
	private void handle(HttpServerExchange exchange) {
		HttpHandler blocking = (blockingExchange) -> {
			blockingExchange.startBlocking();
			try {
				if (blockingExchange.getRequestPath().equals("/read")) {
					this.outcomes.add("read " + blockingExchange.getInputStream().readAllBytes().length);
				}
				else if (blockingExchange.getRequestPath().equals("/quick")) {
					blockingExchange.getResponseSender().send("quick");
				}
				else if (blockingExchange.getRequestPath().equals("/slow")) {
					Thread.sleep(900);
					blockingExchange.getResponseSender().send("slow");
				}
				else {
					OutputStream out = blockingExchange.getOutputStream();
					for (int i = 0; i < 256; i++) {
						out.write(new byte[64 * 1024]);
					}
					out.close();
					this.outcomes.add("written");
				}
			}
			catch (IOException | InterruptedException ex) {
				this.outcomes.add("failed: " + ex);
			}
		};
		exchange.dispatch(blocking);
	}

	private ServerStatistics.Timeouts timeouts() {
		return this.server.getStatistics().timeouts();
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(8 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.getListenerAddresses().get(0).getPort()));
		socket.setSoTimeout(10_000);
		return socket;
	}

}
