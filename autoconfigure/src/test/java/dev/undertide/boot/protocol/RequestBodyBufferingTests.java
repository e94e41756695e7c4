package dev.undertide.boot.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.it.streaming.RawHttpConnection;
import dev.undertide.boot.it.streaming.RawHttpConnection.Head;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import dev.undertide.boot.it.streaming.app.BytePattern;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code server.undertow.buffering.request-body}: the server reads a body up to that size before the
 * application runs, so that a slow upload holds no concurrency slot (nor worker thread) meanwhile. Bodies
 * of every shape still reach the application whole, and an upload that never completes ends its request.
 */
class RequestBodyBufferingTests {

	private static final String BUFFERING = "server.undertow.buffering.request-body=16KB";

	private static final String ONE_SLOT = "server.undertow.backpressure.max-concurrent-requests=1";

	private static final String NO_QUEUE = "server.undertow.backpressure.queue-size=0";

	private static final int BODY_LENGTH = 1000;

	@ParameterizedTest
	@EnumSource(Stack.class)
	void slowUploadHoldsNoSlotWhileItsBodyArrives(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start(BUFFERING, ONE_SLOT, NO_QUEUE);
				RawHttpConnection upload = RawHttpConnection.open(RunningApplications.port(context))) {
			byte[] body = BytePattern.bytes(3, BODY_LENGTH);
			upload.send(postHead(BODY_LENGTH));
			upload.send(Arrays.copyOf(body, 10));
			await().atMost(Duration.ofSeconds(5)).until(() -> activeRequests(context) == 1);

			Response other = RawHttpConnection.get(RunningApplications.port(context), "/hello");
			assertThat(other.status()).isEqualTo(200);

			// The other request's slot is free once its exchange has completed, which may be after its answer.
			await().atMost(Duration.ofSeconds(5)).until(() -> activeRequests(context) == 1);
			upload.send(Arrays.copyOfRange(body, 10, BODY_LENGTH));
			assertThat(upload.readResponse().text()).isEqualTo(BODY_LENGTH + " " + BytePattern.sha256(3, BODY_LENGTH));
		}
	}

	/** The same upload without buffering takes the only slot as soon as its head is read. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void withoutBufferingASlowUploadHoldsItsSlot(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start(ONE_SLOT, NO_QUEUE);
				RawHttpConnection upload = RawHttpConnection.open(RunningApplications.port(context))) {
			upload.send(postHead(BODY_LENGTH));
			upload.send(BytePattern.bytes(3, 10));
			await().atMost(Duration.ofSeconds(5)).until(() -> activeRequests(context) == 1);

			assertThat(RawHttpConnection.get(RunningApplications.port(context), "/hello").status()).isEqualTo(503);
		}
	}

	/** Of a chunked body longer than the buffer, the application reads the first part from it, the rest from the socket. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void chunkedBodyLongerThanTheBufferArrivesWhole(Stack stack) throws IOException {
		int length = 100 * 1024;
		try (ConfigurableApplicationContext context = stack.start(BUFFERING);
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			connection.send("POST /sha256 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
			connection.send(chunked(BytePattern.bytes(5, length), 7000));
			assertThat(connection.readResponse().text()).isEqualTo(length + " " + BytePattern.sha256(5, length));
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void bodiesOfEverySizeAroundTheBufferArriveWhole(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start(BUFFERING);
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			for (int length : new int[] { 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 200 * 1024 }) {
				connection.send(postHead(length));
				connection.send(BytePattern.bytes(length, length));
				assertThat(connection.readResponse().text()).as("body of %d bytes", length)
					.isEqualTo(length + " " + BytePattern.sha256(length, length));
			}
		}
	}

	/** {@code 100 Continue} still waits for the application: the body is not buffered ahead of it. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void bodyExpectingContinueIsReadByTheApplication(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start(BUFFERING);
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			connection.send("POST /sha256 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
			Head interim = connection.readHead();
			assertThat(interim.status()).isEqualTo(100);
			connection.send("hello");
			assertThat(connection.readResponse().text())
				.isEqualTo("5 " + BytePattern.sha256Hex("hello".getBytes(StandardCharsets.US_ASCII)));
		}
	}

	/** The request size limit is the application's to answer, with a 413, even below the buffer size. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void chunkedBodyOverTheSizeLimitIsAnswered413(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start(BUFFERING,
				"server.undertow.max-http-post-size=4KB");
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			connection.send("POST /sha256 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
			connection.send(chunked(BytePattern.bytes(9, 8 * 1024), 1000));
			assertThat(connection.readHead().status()).isEqualTo(413);
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void uploadWhoseClientGoesAwayEndsItsRequest(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start(BUFFERING)) {
			try (RawHttpConnection upload = RawHttpConnection.open(RunningApplications.port(context))) {
				upload.send(postHead(BODY_LENGTH));
				upload.send(BytePattern.bytes(3, 10));
				await().atMost(Duration.ofSeconds(5)).until(() -> activeRequests(context) == 1);
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> activeRequests(context) == 0);
			assertThat(RawHttpConnection.get(RunningApplications.port(context), "/hello").text()).isEqualTo("hello");
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void uploadThatStopsIsClosedAfterTheReadTimeout(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start(BUFFERING, "server.undertow.timeouts.read=500ms");
				RawHttpConnection upload = RawHttpConnection.open(RunningApplications.port(context))) {
			upload.send(postHead(BODY_LENGTH));
			upload.send(BytePattern.bytes(3, 10));
			long start = System.nanoTime();
			assertThat(upload.readHeadOrNull()).as("closed without an answer").isNull();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400),
					Duration.ofSeconds(3));
			await().atMost(Duration.ofSeconds(5)).until(() -> activeRequests(context) == 0);
		}
	}

	private static String postHead(int contentLength) {
		return "POST /sha256 HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + contentLength + "\r\n\r\n";
	}

	private static byte[] chunked(byte[] body, int chunkSize) {
		ByteArrayOutputStream framed = new ByteArrayOutputStream();
		for (int offset = 0; offset < body.length; offset += chunkSize) {
			int length = Math.min(chunkSize, body.length - offset);
			framed.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			framed.write(body, offset, length);
			framed.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		framed.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return framed.toByteArray();
	}

	private static long activeRequests(ConfigurableApplicationContext context) {
		return UndertideWebServer.of(context).getServer().getInFlightRequests();
	}

}
