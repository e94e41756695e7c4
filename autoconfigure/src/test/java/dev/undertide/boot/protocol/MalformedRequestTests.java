package dev.undertide.boot.protocol;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.undertide.boot.it.streaming.RawHttpConnection;
import dev.undertide.boot.it.streaming.RawHttpConnection.Head;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import dev.undertide.boot.it.streaming.app.BytePattern;
import dev.undertide.boot.support.RunningApplications;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed and hostile requests on Spring MVC and on WebFlux, byte for byte over raw sockets. A request
 * the server refuses gets a clear 4xx (or 501) and its connection is closed; whatever follows it in the
 * same write, here a well-formed GET, is never parsed as a request, and a new connection is served as
 * usual. Where undertow-core's parser answers otherwise, the test name says what it does, and why that
 * stays.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestTests {

	/** Chunked bodies whose framing breaks RFC 9112 §7.1, each named by what is wrong. */
	private static final String[] BROKEN_CHUNK_FRAMING = { "zz\r\nabc\r\n0\r\n\r\n", "0x3\r\nabc\r\n0\r\n\r\n",
			"-3\r\nabc\r\n0\r\n\r\n", "fffffffffffffffff3\r\nabc\r\n0\r\n\r\n", "3\nabc\n0\n\n",
			"3\rabc\r\n0\r\n\r\n", "3\r\nabcXY0\r\n\r\n", "3;ext\u0000\r\nabc\r\n0\r\n\r\n",
			"3;" + "x".repeat(5000) + "\r\nabc\r\n0\r\n\r\n", "3\r\nabc\r\n0\r\nTrailer: " + "x".repeat(9000) + "\r\n\r\n",
			"3\r\nabc\r\n0\r\nTrailer: x\n\r\n", "3\r\nabc\r\n0\r\nn\u00e9: x\r\n\r\n" };

	private static final String HOST = "Host: localhost\r\n";

	/** Sent right behind each refused request: an answer to it would mean leftover bytes were parsed. */
	private static final String SMUGGLED = "GET /echo/smuggled HTTP/1.1\r\n" + HOST + "\r\n";

	/** Boot's default {@code server.max-http-request-header-size}. */
	private static final int HEAD_LIMIT = 8 * 1024;

	// Message framing (RFC 9112 §6): bodies whose length two parsers could see differently

	@ParameterizedTest
	@EnumSource(Stack.class)
	void contentLengthWithTransferEncodingIs400(Stack stack) throws IOException {
		assertRefused(stack, 400, "POST /sha256 HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
		assertRefused(stack, 400, "POST /sha256 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n"
				+ "Content-Length: 5\r\n\r\n0\r\n\r\n");
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void twoDifferentContentLengthsAre400(Stack stack) throws IOException {
		assertRefused(stack, 400,
				"POST /sha256 HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef");
		assertRefused(stack, 400, "POST /sha256 HTTP/1.1\r\n" + HOST + "Content-Length: 5, 6\r\n\r\nabcdef");
	}

	/** §6.3: without chunked last the length cannot be known; undertow alone would decode any of them. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void transferEncodingNotEndingInChunkedIs400(Stack stack) throws IOException {
		for (String coding : new String[] { "gzip", "chunked, gzip", "xchunked", "identity" }) {
			assertRefused(stack, 400, "POST /sha256 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: " + coding
					+ "\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
		}
	}

	/** §6.1: a coding the server does not implement; the body is never decoded. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void chunkedAfterAnUnimplementedCodingIs501(Stack stack) throws IOException {
		assertRefused(stack, 501, "POST /sha256 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip, chunked\r\n\r\n"
				+ "3\r\nabc\r\n0\r\n\r\n");
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void chunkedAppliedTwiceIs400(Stack stack) throws IOException {
		assertRefused(stack, 400, "POST /sha256 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, chunked\r\n\r\n"
				+ "3\r\nabc\r\n0\r\n\r\n");
		assertRefused(stack, 400, "POST /sha256 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n"
				+ "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
	}

	/** §6.1: HTTP/1.0 has no transfer codings, so such framing is suspect: answered, then closed. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void http10RequestWithTransferEncodingIsAnsweredThenClosed(Stack stack) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("POST /sha256 HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "3\r\nabc\r\n0\r\n\r\n" + SMUGGLED);
			assertThat(connection.readResponse().text())
				.isEqualTo("3 " + BytePattern.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
			assertThat(connection.serverClosed()).isTrue();
		}
	}

	/**
	 * RFC 9112 §7.1 framing, held to strictly where undertow-core's decoding is lenient: framing that is broken
	 * in the bytes that came with the request head is answered 400 before the application reads.
	 */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void brokenChunkFramingIs400(Stack stack) throws IOException {
		for (String body : BROKEN_CHUNK_FRAMING) {
			assertRefused(stack, 400, "POST /sha256 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n" + body);
		}
	}

	/**
	 * A trailer field name that is no token (here with a byte over 0x7F, on which undertow-core's own
	 * decoding throws an unchecked exception) breaks the framing: answered 400 whether the application would
	 * read the body or not, and nothing is logged as an error.
	 */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void trailerNameThatIsNoTokenIsRefusedQuietly(Stack stack, CapturedOutput output) throws IOException {
		String chunked = "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nn\u00e9: x\r\n\r\n";
		assertRefused(stack, 400, "POST /sha256 HTTP/1.1\r\n" + HOST + chunked);
		assertRefused(stack, 400, "GET /hello HTTP/1.1\r\n" + HOST + chunked);
		assertThat(output).doesNotContain(" ERROR ");
	}

	/**
	 * Framing broken in bytes that arrive once the application reads: undertow-core's decoding closes the
	 * connection as the read fails, so no answer can be sent; nothing after it is parsed either way.
	 */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void chunkFramingBrokenLaterClosesTheConnectionWithoutAnAnswer(Stack stack) throws IOException {
		for (String body : BROKEN_CHUNK_FRAMING) {
			await().atMost(Duration.ofSeconds(5)).until(() -> stack.statistics().requests().active() == 0);
			try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
				connection.send("POST /sha256 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n");
				// The head has been read and handled: the body's bytes arrive once the application reads.
				await().atMost(Duration.ofSeconds(5)).until(() -> stack.statistics().requests().active() == 1);
				try {
					connection.send(body + SMUGGLED);
				}
				catch (SocketException ex) {
					// Closed before it took all of it.
				}
				assertThat(connection.readHeadOrNull()).as("answer to a body of %s", escaped(body)).isNull();
			}
		}
		assertThat(RawHttpConnection.get(stack.port(), "/hello").text()).isEqualTo("hello");
	}

	/** Extensions and whitespace within bounds are skipped; the body is read. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void chunkExtensionsWithinBoundsAreSkipped(Stack stack) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("POST /sha256 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
					+ "3 ;ext=" + "x".repeat(4000) + "\r\nabc\r\n0;last\r\nTrailer-Field: yes\r\n\r\n");
			Response response = connection.readResponse();
			assertThat(response.text())
				.isEqualTo("3 " + BytePattern.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
		}
	}

	// Header lines (RFC 9112 §5)

	/**
	 * §5.2 lets a server either refuse obs-fold with 400 or replace it with spaces; undertow-core's parser
	 * unfolds it and leaves no trace of it for a handler to refuse, so the line arrives unfolded.
	 */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void obsFoldedHeaderIsUnfoldedIntoASpace(Stack stack) throws IOException {
		Response response = RawHttpConnection.get(stack.port(), "/header/X-Folded", "X-Folded", "one\r\n two");
		assertThat(response.text()).isEqualTo("one two");
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void whitespaceBetweenHeaderNameAndColonIs400(Stack stack) throws IOException {
		assertRefused(stack, 400, "GET /hello HTTP/1.1\r\n" + HOST + "X-Spaced : one\r\n\r\n");
		assertRefused(stack, 400, "POST /sha256 HTTP/1.1\r\n" + HOST + "Content-Length : 3\r\n\r\nabc");
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void controlCharactersInHeaderNamesOrValuesAre400(Stack stack) throws IOException {
		for (String line : new String[] { "X-\0Name: one", "X-Value: o\0ne", "X-Value: o\rne", "X-\rName: one",
				"X-Value: o\u0001ne", "X-Value: o\u007fne" }) {
			assertRefused(stack, 400, "GET /hello HTTP/1.1\r\n" + HOST + line + "\r\n\r\n");
		}
	}

	/** undertow parses a Cookie header only when the application asks for cookies, and refuses it then. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void cookieHeaderWithAByteOutsideAsciiIs400WhenTheApplicationReadsCookies(Stack stack) throws IOException {
		Response refused = RawHttpConnection.get(stack.port(), "/flavour", "Cookie", "flavour=cr\u00e8me");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(RawHttpConnection.get(stack.port(), "/flavour", "Cookie", "flavour=vanilla").text())
			.isEqualTo("vanilla");
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void headerLineWithoutColonIs400(Stack stack) throws IOException {
		assertRefused(stack, 400, "GET /hello HTTP/1.1\r\n" + HOST + "X-No-Colon one\r\n\r\n");
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void http11RequestWithoutHostIs400(Stack stack) throws IOException {
		assertRefused(stack, 400, "GET /hello HTTP/1.1\r\n\r\n");
	}

	/**
	 * undertow-core refuses a request without a valid Host before any handler of Undertide runs, and first
	 * waits for the body the request declared. The request-head timeout, whose clock only a handler stops,
	 * bounds that wait: the connection is closed once it runs out.
	 */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void requestWithoutHostWhoseBodyNeverComesIsClosedAtTheRequestHeadTimeout(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start("server.undertow.timeouts.request-header=1s");
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			connection.send("POST /sha256 HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
			long start = System.nanoTime();
			Head head = connection.readHeadOrNull();
			if (head != null) {
				assertThat(head.status()).isEqualTo(400);
			}
			assertThat(connection.serverClosed()).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void twoHostHeadersAre400(Stack stack) throws IOException {
		assertRefused(stack, 400, "GET /hello HTTP/1.1\r\n" + HOST + "Host: elsewhere\r\n\r\n");
	}

	// Sizes

	@ParameterizedTest
	@EnumSource(Stack.class)
	void overLongRequestLineIs414(Stack stack) throws IOException {
		assertRefused(stack, 414, "GET /hello?q=" + "q".repeat(HEAD_LIMIT + 1024) + " HTTP/1.1\r\n" + HOST + "\r\n");
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void overLargeHeadersAre431(Stack stack) throws IOException {
		assertRefused(stack, 431, "GET /hello HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(HEAD_LIMIT + 1024) + "\r\n\r\n");
	}

	/** undertow-core's parser stops reading a head at twice the limit and answers that itself. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void headOverTwiceTheLimitIs400(Stack stack) throws IOException {
		assertRefused(stack, 400, "GET /hello?q=" + "q".repeat(2 * HEAD_LIMIT + 1024) + " HTTP/1.1\r\n" + HOST + "\r\n");
	}

	// Request line and target

	/** RFC 9112 §3.2.2: a server must accept the absolute form, as proxies send it. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void absoluteFormTargetIsAnsweredFromItsPath(Stack stack) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("GET http://localhost/echo/absolute HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
			assertThat(connection.readResponse().text()).isEqualTo("/echo/absolute segment=absolute");
		}
	}

	/**
	 * §3.2.2 says to ignore the Host header then; undertow-core refuses a mismatch instead, as Tomcat does by
	 * default, so that a proxy routing on Host and the application reading the target cannot disagree.
	 */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void absoluteFormTargetNamingAnotherHostThanTheHostHeaderIs400(Stack stack) throws IOException {
		assertRefused(stack, 400, "GET http://elsewhere.example/echo/absolute HTTP/1.1\r\n" + HOST + "\r\n");
	}

	/** The method is the application's business: a method it has no mapping for is its 405. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void unknownMethodIsAnsweredByTheApplicationWith405(Stack stack) throws IOException {
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			connection.send("BREW /hello HTTP/1.1\r\n" + HOST + "\r\n");
			assertThat(connection.readResponse().status()).isEqualTo(405);
			connection.send("GET /hello HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
			assertThat(connection.readResponse().text()).as("the same connection goes on").isEqualTo("hello");
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void http2PriorKnowledgePrefaceToAnHttp1ListenerIs400(Stack stack) throws IOException {
		String settingsFrame = "\0\0\0\4\0\0\0\0\0";
		assertRefused(stack, 400, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + settingsFrame);
	}

	// Paths

	@ParameterizedTest
	@EnumSource(Stack.class)
	void percentEncodedDotDotNeverClimbsAboveTheRoot(Stack stack) throws IOException {
		for (String path : new String[] { "/%2e%2e/hello", "/%2E%2E/%2e%2e/hello", "/%2e%2e%2fhello", "/echo/%2e%2e/%2e%2e/hello" }) {
			Response response = RawHttpConnection.get(stack.port(), path);
			assertThat(response.status()).as(path).isBetween(400, 499);
			assertThat(response.text()).as(path).isNotEqualTo("hello");
		}
	}

	/** With {@code allow-encoded-slash} at its default, %2F is part of a segment, not a separator. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void encodedSlashIsNotAPathSeparator(Stack stack) throws IOException {
		assertThat(RawHttpConnection.get(stack.port(), "/echo/a%2Fb").text()).isEqualTo("/echo/a%2Fb segment=a/b");
		assertThat(RawHttpConnection.get(stack.port(), "/echo/..%2F..%2Fhello").text())
			.isEqualTo("/echo/..%2F..%2Fhello segment=../../hello");
	}

	/** Decoding %2F into separators (servlet paths only) still never lets a path climb above the root. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void withAllowEncodedSlashAnEncodedSlashStillNeverClimbsAboveTheRoot(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start("server.undertow.allow-encoded-slash=true")) {
			Response response = RawHttpConnection.get(RunningApplications.port(context), "/..%2Fhello");
			assertThat(response.status()).isBetween(400, 499);
			assertThat(response.text()).isNotEqualTo("hello");
		}
	}

	/** Sends {@code request}, expects {@code status} for it alone, then the close, then a normal request served. */
	private static void assertRefused(Stack stack, int status, String request) throws IOException {
		Head head = refuse(stack, request);
		assertThat(head).as("an answer to %s", firstLine(request)).isNotNull();
		assertThat(head.status()).as("the answer to %s", firstLine(request)).isEqualTo(status);
	}

	/**
	 * Sends {@code request} and {@link #SMUGGLED} in one write; returns the head of the one answer, or
	 * {@code null} when the connection was closed without one. Checks that nothing else was answered, that
	 * the connection was closed, and that a new connection is served.
	 */
	private static @Nullable Head refuse(Stack stack, String request) throws IOException {
		Head head;
		try (RawHttpConnection connection = RawHttpConnection.open(stack.port())) {
			try {
				connection.send(request + SMUGGLED);
			}
			catch (SocketException ex) {
				// Closed before it took all of it: what it answered, if anything, is still to be read.
			}
			head = connection.readHeadOrNull();
			if (head != null) {
				connection.body(head).readAllBytes();
			}
			assertThat(connection.serverClosed()).as("closed after %s, nothing more answered", firstLine(request))
				.isTrue();
		}
		assertThat(RawHttpConnection.get(stack.port(), "/hello").text()).as("a new connection after the refusal")
			.isEqualTo("hello");
		return head;
	}

	private static String escaped(String text) {
		String shown = (text.length() > 40) ? text.substring(0, 40) + "..." : text;
		return shown.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
	}

	private static String firstLine(String request) {
		int end = request.indexOf("\r\n");
		String line = (end >= 0) ? request.substring(0, end) : request;
		return (line.length() > 60) ? line.substring(0, 60) + "..." : line;
	}

}
