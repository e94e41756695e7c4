package dev.undertide.reactive;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.undertide.server.UndertideServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactive response whose client stops reading is given up after the write timeout: the publisher is
 * cancelled and the connection counted. A slow client that keeps reading gets the whole body.
 */
class ReactiveWriteTimeoutTests {

	private static final int CHUNK = 64 * 1024;

	private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

	private UndertideServer server;

	@BeforeEach
	void start() {
		ReactiveHttpHandlerAdapter download = new ReactiveHttpHandlerAdapter((request, response) -> {
			int chunks = Integer.parseInt(request.getQueryParams().getFirst("chunks"));
			Flux<DataBuffer> body = Flux.range(0, chunks)
				.map((i) -> response.bufferFactory().wrap(new byte[CHUNK]))
				.doOnComplete(() -> this.outcomes.add("completed"))
				.doOnCancel(() -> this.outcomes.add("cancelled"));
			return response.writeWith(body);
		});
		this.server = UndertideServer.builder()
			.host("127.0.0.1")
			.port(0)
			.writeTimeout(Duration.ofMillis(300))
			.handler(download)
			.build();
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void clientThatStopsReadingIsGivenUpAfterTheWriteTimeout() throws Exception {
		try (Socket socket = connect("/download?chunks=1024")) {
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("cancelled");
			assertThat(this.server.getStatistics().timeouts().write()).isEqualTo(1);
		}
	}

	@Test
	void slowClientThatKeepsReadingGetsTheWholeBody() throws Exception {
		int chunks = 16;
		try (Socket socket = connect("/download?chunks=" + chunks)) {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[CHUNK];
			long received = 0;
			int read;
			// A pause after every read: far slower than the server writes, never idle for the 300 ms timeout.
			while ((read = in.read(buffer)) >= 0) {
				received += read;
				Thread.sleep(20);
			}
			assertThat(received).isGreaterThan((long) chunks * CHUNK);
		}
		assertThat(this.outcomes.poll(5, TimeUnit.SECONDS)).isEqualTo("completed");
		assertThat(this.server.getStatistics().timeouts().write()).isZero();
	}

	private Socket connect(String path) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(8 * 1024);
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.getListenerAddresses().get(0).getPort()));
		socket.setSoTimeout(15_000);
		String request = "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

}
