package dev.undertide.reactive;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.undertide.server.UndertideServer;
import dev.undertide.testing.LargeResponses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferWrapper;
import org.springframework.core.io.buffer.PooledDataBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body of one buffer far larger than the socket takes at once, of known length or chunked: a slow reader
 * gets every byte in order and the connection serves the next request; a reader that stops reading or
 * resets the connection gets the connection closed. Either way the buffer is released.
 */
class SingleBufferBodyTests {

	private static final int SIZE = 8 * 1024 * 1024;

	private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

	private final BlockingQueue<CountedBuffer> buffers = new LinkedBlockingQueue<>();

	private UndertideServer server;

	@BeforeEach
	void start() {
		ReactiveHttpHandlerAdapter oneBuffer = new ReactiveHttpHandlerAdapter((request, response) -> {
			if ("known".equals(request.getQueryParams().getFirst("length"))) {
				response.getHeaders().setContentLength(SIZE);
			}
			CountedBuffer buffer = new CountedBuffer(response.bufferFactory().wrap(LargeResponses.pattern(SIZE)));
			this.buffers.add(buffer);
			Mono<Void> written = response.writeWith(Mono.just(buffer))
				.doOnSuccess((done) -> this.outcomes.add("completed"))
				.doOnError((failure) -> this.outcomes.add("failed"))
				.doOnCancel(() -> this.outcomes.add("cancelled"));
			String giveUpAfter = request.getQueryParams().getFirst("give-up-after");
			return (giveUpAfter != null) ? written.timeout(Duration.ofMillis(Long.parseLong(giveUpAfter)), Mono.empty())
					: written;
		});
		this.server = UndertideServer.builder()
			.host("127.0.0.1")
			.port(0)
			.writeTimeout(Duration.ofMillis(500))
			.handler(oneBuffer)
			.build();
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@ParameterizedTest
	@ValueSource(strings = { "known", "chunked" })
	void slowReaderGetsTheWholeBodyAndTheConnectionGoesOn(String length) throws Exception {
		try (Socket socket = connect()) {
			send(socket, length);
			LargeResponses.Response response = LargeResponses.readSlowly(socket.getInputStream());
			assertThat(response.head()).startsWith("HTTP/1.1 200");
			assertThat(response.body()).isEqualTo(LargeResponses.pattern(SIZE));
			assertThat(this.outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("completed");
			assertThat(this.buffers.poll().releases()).isEqualTo(1);

			send(socket, length);
			assertThat(LargeResponses.readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void readerThatStopsReadingOrResetsLeavesNoBufferBehind(boolean reset) throws Exception {
		try (Socket socket = connect()) {
			send(socket, "known");
			LargeResponses.readHead(socket.getInputStream());
			CountedBuffer buffer = this.buffers.poll(5, TimeUnit.SECONDS);
			if (reset) {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			// Not reset: the write timeout gives the reader up.
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isIn("failed", "cancelled");
			awaitReleased(buffer);
			assertThat(buffer.releases()).isEqualTo(1);
		}
		try (Socket socket = connect()) {
			send(socket, "known");
			assertThat(LargeResponses.readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
		}
	}

	/** The application cancels the write while it waits for room in the socket: the buffer is let go. */
	@Test
	void applicationGivingUpWhileTheBodyWaitsReleasesTheBuffer() throws Exception {
		try (Socket socket = connect()) {
			send(socket, "known&give-up-after=200");
			LargeResponses.readHead(socket.getInputStream());
			CountedBuffer buffer = this.buffers.poll(5, TimeUnit.SECONDS);
			assertThat(this.outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("cancelled");
			awaitReleased(buffer);
			assertThat(buffer.releases()).isEqualTo(1);
		}
	}

	private static void awaitReleased(CountedBuffer buffer) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (buffer.isAllocated() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(16 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.getListenerAddresses().get(0).getPort()));
		socket.setSoTimeout(15_000);
		return socket;
	}

	private static void send(Socket socket, String length) throws IOException {
		String request = "GET /one?length=" + length + " HTTP/1.1\r\nHost: test\r\n\r\n";
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
	}

	/** Counts its releases; allocated until the first, as a pooled buffer is. */
	private static final class CountedBuffer extends DataBufferWrapper implements PooledDataBuffer {

		private final AtomicInteger releases = new AtomicInteger();

		CountedBuffer(DataBuffer delegate) {
			super(delegate);
		}

		int releases() {
			return this.releases.get();
		}

		@Override
		public boolean isAllocated() {
			return this.releases.get() == 0;
		}

		@Override
		public PooledDataBuffer retain() {
			throw new UnsupportedOperationException();
		}

		@Override
		public PooledDataBuffer touch(Object hint) {
			return this;
		}

		@Override
		public boolean release() {
			this.releases.incrementAndGet();
			return true;
		}

	}

}
