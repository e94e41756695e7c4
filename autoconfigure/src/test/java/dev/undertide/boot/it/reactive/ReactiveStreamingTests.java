package dev.undertide.boot.it.reactive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.undertide.boot.it.reactive.app.ReactiveStreamController;
import dev.undertide.boot.it.reactive.app.ReactiveStreamController.StreamEnd;
import dev.undertide.boot.it.reactive.app.ReactiveTestApplication;
import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.it.support.Http;
import dev.undertide.server.UndertideServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.SignalType;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies streamed both ways at the application's pace, and clients that go away. */
@ReactiveWebTest
class ReactiveStreamingTests {

	private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@ParameterizedTest
	@ValueSource(longs = { 1024 * 1024, 64 * 1024 * 1024 })
	void largeResponsesArriveByteExact(long size) throws Exception {
		HttpResponse<InputStream> response = CLIENT.send(
				HttpRequest.newBuilder(Http.uri(this.port, "/bytes?size=" + size)).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		try (InputStream body = response.body()) {
			assertThat(readAndCompareWithPattern(body)).isEqualTo(size);
		}
	}

	/** Reads to the end, failing at the first byte that differs from the pattern; returns the count. */
	private static long readAndCompareWithPattern(InputStream body) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long position = 0;
		int read;
		while ((read = body.read(buffer)) != -1) {
			for (int i = 0; i < read; i++, position++) {
				if (buffer[i] != ReactiveStreamController.patternByte(position)) {
					throw new AssertionError("Byte " + position + " is " + buffer[i] + ", expected "
							+ ReactiveStreamController.patternByte(position));
				}
			}
		}
		return position;
	}

	@Test
	void fileIsSentWholeWithItsLength() throws Exception {
		HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(Http.uri(this.port, "/file")).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		long length = 3 * 1024 * 1024 + 17;
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(length);
		try (InputStream body = response.body()) {
			assertThat(readAndCompareWithPattern(body)).isEqualTo(length);
		}
	}

	/**
	 * Buffers a publisher emits at once go out together: one socket write and one chunk for all of them,
	 * not one of each per buffer.
	 */
	@Test
	void smallBuffersEmittedAtOnceLeaveAsOneChunk() throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /small-buffers?count=10&size=1024 HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			readUntil(in, "\r\n\r\n");
			List<Integer> chunkSizes = new ArrayList<>();
			int size;
			do {
				size = Integer.parseInt(readLine(in), 16);
				byte[] chunk = in.readNBytes(size);
				assertThat(chunk).hasSize(size);
				readLine(in);
				chunkSizes.add(size);
			}
			while (size > 0);
			assertThat(chunkSizes).containsExactly(10 * 1024, 0);
		}
	}

	/**
	 * Gathering never holds a buffer back for the next one: what a publisher emitted before it pauses
	 * reaches the client during the pause.
	 */
	@Test
	void bufferEmittedBeforeAPauseArrivesDuringThePause() throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /paused?pauseMillis=1000 HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			long sent = System.nanoTime();
			readUntil(socket.getInputStream(), "first");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(700);
			readUntil(socket.getInputStream(), "second");
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int read;
		while ((read = in.read()) != '\n') {
			if (read == -1) {
				throw new AssertionError("Connection closed in a line: " + line);
			}
			if (read != '\r') {
				line.append((char) read);
			}
		}
		return line.toString();
	}

	@Test
	void serverSentEventsArriveOneByOneAtTheirPace() throws Exception {
		HttpResponse<InputStream> response = CLIENT.send(
				HttpRequest.newBuilder(Http.uri(this.port, "/events?count=4&intervalMillis=300")).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<String> data = new ArrayList<>();
		List<Long> arrivals = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("data:")) {
					data.add(line.substring(5));
					arrivals.add(System.nanoTime());
				}
			}
		}
		assertThat(data).containsExactly("event-0", "event-1", "event-2", "event-3");
		for (int i = 1; i < arrivals.size(); i++) {
			assertThat(TimeUnit.NANOSECONDS.toMillis(arrivals.get(i) - arrivals.get(i - 1)))
				.as("gap before event %d", i)
				.isGreaterThan(150);
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void idleStreamIsCancelledWithin100msOfTheClientLeaving(boolean reset) throws Exception {
		String name = "idle-" + reset;
		long left;
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /idle?name=" + name + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			readUntil(socket.getInputStream(), "data:first");
			Thread.sleep(200);
			if (reset) {
				socket.setSoLinger(true, 0);
			}
			left = System.nanoTime();
		}
		StreamEnd end = ReactiveStreamController.awaitEnd(name);
		assertThat(end.signal()).isEqualTo(SignalType.CANCEL);
		assertThat(TimeUnit.NANOSECONDS.toMillis(end.nanoTime() - left)).isLessThan(100);
	}

	private static void readUntil(InputStream in, String marker) throws IOException {
		StringBuilder seen = new StringBuilder();
		int read;
		while ((read = in.read()) != -1) {
			seen.append((char) read);
			if (seen.indexOf(marker) >= 0) {
				return;
			}
		}
		throw new AssertionError("Connection closed before " + marker + " in: " + seen);
	}

	/**
	 * 256 MiB go to a handler that starts late and reads slower than the client sends: the server reads
	 * from the socket only as the handler asks, so the body bytes it holds stay within a few buffers.
	 */
	@Test
	void slowlyConsumedUploadKeepsServerMemoryBounded() throws Exception {
		long size = 256L * 1024 * 1024;
		AtomicLong mostHeld = new AtomicLong();
		AtomicBoolean uploading = new AtomicBoolean(true);
		Thread sampler = new Thread(() -> {
			while (uploading.get()) {
				mostHeld.accumulateAndGet(ReactiveTestApplication.ALLOCATOR.metric().usedHeapMemory(), Math::max);
				Thread.onSpinWait();
			}
		});
		sampler.start();
		HttpResponse<String> response;
		try {
			response = CLIENT.send(
					HttpRequest.newBuilder(Http.uri(this.port, "/slow-upload?pauseMillis=500"))
						.timeout(Duration.ofSeconds(60))
						.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(size)))
						.build(),
					HttpResponse.BodyHandlers.ofString());
		}
		finally {
			uploading.set(false);
			sampler.join();
		}
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Long.toString(size));
		assertThat(mostHeld.get()).as("most body bytes held by the server at once").isLessThan(1024 * 1024);
	}

	/** Every buffer the server allocated is released again, whether the request succeeded or failed. */
	@Test
	void noBufferIsLeakedOnSuccessOrFailure() throws Exception {
		assertThat(Http.postJson(this.port, "/greetings", "{\"name\":\"x\",\"count\":1}").statusCode())
			.isEqualTo(200);
		assertThat(Http.send(HttpRequest.newBuilder(Http.uri(this.port, "/count"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[300_000]))
			.build()).body()).isEqualTo("300000");
		assertThat(Http.postJson(this.port, "/greetings", "{not json").statusCode()).isEqualTo(400);
		assertThat(Http.get(this.port, "/boom").statusCode()).isEqualTo(500);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (ReactiveTestApplication.ALLOCATOR.metric().usedHeapMemory() != 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(ReactiveTestApplication.ALLOCATOR.metric().usedHeapMemory()).as("bytes allocated, not released")
			.isZero();
	}

	/**
	 * A client that announces a body and leaves halfway: the handler sees an error, the request ends and
	 * every buffer read so far is released, so nothing keeps a graceful shutdown waiting.
	 */
	@Test
	void uploadCutShortByTheClientEndsTheRequest() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /count HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
					+ "Content-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(new byte[100_000]);
			out.flush();
			awaitRequestsInFlight(1);
		}
		awaitRequestsInFlight(0);
		assertThat(ReactiveTestApplication.ALLOCATOR.metric().usedHeapMemory()).as("bytes allocated, not released")
			.isZero();
	}

	private void awaitRequestsInFlight(long expected) throws InterruptedException {
		UndertideServer server = UndertideWebServer.of(this.context).getServer();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (server.getStatistics().requests().active() != expected && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(server.getStatistics().requests().active()).as("requests in flight").isEqualTo(expected);
	}

	/** {@code size} zero bytes, made as they are read. */
	private static final class ZeroStream extends InputStream {

		private long remaining;

		ZeroStream(long size) {
			this.remaining = size;
		}

		@Override
		public int read() {
			if (this.remaining == 0) {
				return -1;
			}
			this.remaining--;
			return 0;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.remaining == 0) {
				return -1;
			}
			int count = (int) Math.min(length, this.remaining);
			Arrays.fill(buffer, offset, offset + count, (byte) 0);
			this.remaining -= count;
			return count;
		}

	}

}
