package dev.undertide.boot.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.undertide.boot.it.streaming.RawHttpConnection;
import dev.undertide.boot.it.streaming.RawHttpConnection.Hashed;
import dev.undertide.boot.it.streaming.RawHttpConnection.Head;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import dev.undertide.boot.it.streaming.app.BytePattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/1.1 connection management (RFC 9112 §9) on Spring MVC and on WebFlux, over raw sockets: when a
 * connection stays open, when it closes, and that requests sent back to back are each answered once, in
 * order.
 */
class ConnectionManagementTests {

	private static final String HOST = "Host: localhost\r\n";

	private static final int PARTS = 2000;

	/** Far more than the socket buffers hold. */
	private static final long LARGE = 8 * 1024 * 1024;

	@ParameterizedTest
	@EnumSource(Stack.class)
	void requestWithConnectionCloseIsAnsweredOnceAndWhatFollowsItIsNeverParsed(Stack stack) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			// In the same write: a second request, then bytes that would earn a 400 if they were parsed.
			connection.send("GET /hello HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n" + "GET /echo/second HTTP/1.1\r\n"
					+ HOST + "\r\n" + "NOT HTTP AT ALL\r\n\r\n");
			Response response = connection.readResponse();
			assertThat(response.text()).isEqualTo("hello");
			assertThat(response.head().header("Connection")).isEqualToIgnoringCase("close");
			assertThat(connection.serverClosed()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void pipelinedRequestsAreAllAnsweredInOrder(Stack stack) throws IOException {
		assertPipelinedAnswersInOrder(stack, "/echo/first", "/echo/first segment=first");
	}

	/** The requests behind a slow one wait for it; none overtakes it or is lost. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void pipelinedRequestsBehindASlowOneAreAnsweredInOrder(Stack stack) throws IOException {
		assertPipelinedAnswersInOrder(stack, "/slow?millis=300", "slow");
	}

	/** An async first request (no thread held while it waits) must not let the next one be answered first. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void pipelinedRequestsBehindAnAsyncOneAreAnsweredInOrder(Stack stack) throws IOException {
		assertPipelinedAnswersInOrder(stack, "/async?millis=300", "async");
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void http10WithoutKeepAliveIsClosedAfterTheResponse(Stack stack) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("GET /hello HTTP/1.0\r\n\r\n");
			Response response = connection.readResponse();
			assertThat(response.head().statusLine()).startsWith("HTTP/1.0 200");
			assertThat(response.text()).isEqualTo("hello");
			assertThat(connection.serverClosed()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void http10WithKeepAliveStaysOpenForTheNextRequest(Stack stack) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
			Response first = connection.readResponse();
			assertThat(first.text()).isEqualTo("hello");
			assertThat(first.head().header("Connection")).isEqualToIgnoringCase("keep-alive");
			connection.send("GET /echo/again HTTP/1.0\r\n\r\n");
			assertThat(connection.readResponse().text()).isEqualTo("/echo/again segment=again");
			assertThat(connection.serverClosed()).isTrue();
		}
	}

	/** HTTP/1.0 has no chunked coding: a body whose length is unknown ends where the connection does. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void responseOfUnknownLengthToHttp10IsDelimitedByClosingTheConnection(Stack stack) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("GET /stream?parts=" + PARTS + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
			Head head = connection.readHead();
			assertThat(head.statusLine()).startsWith("HTTP/1.0 200");
			assertThat(head.header("Content-Length")).isNull();
			assertThat(head.header("Transfer-Encoding")).isNull();
			String body = new String(connection.body(head).readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(body).startsWith("part-0\n").endsWith("part-" + (PARTS - 1) + "\n");
			assertThat(body.lines()).hasSize(PARTS);
		}
	}

	/**
	 * A half-close is the end of the client's sending, not of its listening (RFC 9112 §9.6). MVC only: a
	 * request the application holds without a thread (async MVC, and every WebFlux request until its
	 * response is under way) takes the end of its client's input for the client leaving, as reverse proxies
	 * do, so that a client that closes during a long poll or an idle stream is noticed at once.
	 */
	@ParameterizedTest
	@EnumSource(value = Stack.class, names = "MVC")
	void clientThatHalfClosesAfterItsRequestStillGetsTheWholeResponse(Stack stack) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("GET /bytes?seed=7&size=" + LARGE + " HTTP/1.1\r\n" + HOST + "\r\n");
			connection.socket().shutdownOutput();
			assertWholeBody(connection, connection.readHead());
		}
	}

	/** Once the response is on its way, only a failed write ends it: a half-close does not. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void clientThatHalfClosesWhileItsResponseIsOnItsWayGetsAllOfIt(Stack stack) throws Exception {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("GET /bytes?seed=7&size=" + LARGE + " HTTP/1.1\r\n" + HOST + "\r\n");
			Head head = connection.readHead();
			awaitWritesStalled(stack);
			connection.socket().shutdownOutput();
			assertWholeBody(connection, head);
		}
	}

	/**
	 * Waits, while the client reads nothing, until the server's bytes written stop growing: the socket buffers
	 * are full and the server has a write waiting for room.
	 */
	private static void awaitWritesStalled(Stack stack) throws InterruptedException {
		long written = -1;
		for (long now = stack.statistics().connections().bytesWritten(); now != written;
				now = stack.statistics().connections().bytesWritten()) {
			written = now;
			Thread.sleep(200);
		}
	}

	private static void assertWholeBody(RawHttpConnection connection, Head head) throws IOException {
		assertThat(head.status()).isEqualTo(200);
		InputStream body = connection.body(head);
		assertThat(RawHttpConnection.hash(body)).isEqualTo(new Hashed(LARGE, BytePattern.sha256(7, LARGE)));
	}

	/**
	 * Sends three requests in one write, {@code first} then two quick ones, and expects their answers in
	 * that order on the one connection.
	 */
	private static void assertPipelinedAnswersInOrder(Stack stack, String first, String firstAnswer)
			throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("GET " + first + " HTTP/1.1\r\n" + HOST + "\r\n" + "GET /echo/second HTTP/1.1\r\n" + HOST
					+ "\r\n" + "GET /echo/third HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
			assertThat(connection.readResponse().text()).isEqualTo(firstAnswer);
			assertThat(connection.readResponse().text()).isEqualTo("/echo/second segment=second");
			assertThat(connection.readResponse().text()).isEqualTo("/echo/third segment=third");
			assertThat(connection.serverClosed()).isTrue();
		}
	}

}
