package dev.undertide.boot.protocol;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import dev.undertide.boot.it.streaming.RawHttpConnection;
import dev.undertide.boot.it.streaming.RawHttpConnection.Hashed;
import dev.undertide.boot.it.streaming.RawHttpConnection.Head;
import dev.undertide.boot.it.streaming.app.BytePattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC and WebFlux on Undertide behind a real nginx, configured as a reverse proxy usually is:
 * HTTP/1.1 to the upstream with a pool of kept-alive connections, with and without buffering. nginx reads
 * responses as strictly as any client, and logs every connection the server closed under it.
 */
class ReverseProxyTests {

	private static final long MIB = 1024 * 1024;

	private static final long[] SIZES = { MIB, 8 * MIB, 64 * MIB };

	private static RunningNginx nginx;

	@BeforeAll
	static void startNginx() throws Exception {
		nginx = RunningNginx.start(Map.of("mvc", Stack.MVC.port(), "webflux", Stack.WEBFLUX.port()));
	}

	@AfterAll
	static void stopNginx() throws Exception {
		if (nginx != null) {
			nginx.close();
		}
	}

	@AfterEach
	void upstreamConnectionsWereNeverCutUnderNginx() throws IOException {
		assertThat(nginx.errorLog()).doesNotContain("upstream prematurely closed connection")
			.doesNotContain("upstream sent");
	}

	static Stream<Arguments> stacksAndBuffering() {
		return Arrays.stream(Stack.values())
			.flatMap((stack) -> Stream.of(Arguments.of(stack, true), Arguments.of(stack, false)));
	}

	@ParameterizedTest(name = "{0}, proxy_buffering {1}")
	@MethodSource("stacksAndBuffering")
	void downloadsArriveWholeThroughTheProxy(Stack stack, boolean buffering) throws IOException {
		for (long size : SIZES) {
			try (RawHttpConnection connection = RawHttpConnection.open(nginx.port())) {
				connection.send("GET " + prefix(stack, buffering) + "bytes?seed=" + size + "&size=" + size
						+ " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
				Head head = connection.readHead();
				assertThat(head.status()).isEqualTo(200);
				assertThat(RawHttpConnection.hash(connection.body(head))).as("%d bytes", size)
					.isEqualTo(new Hashed(size, BytePattern.sha256(size, size)));
			}
		}
	}

	@ParameterizedTest(name = "{0}, proxy_request_buffering {1}")
	@MethodSource("stacksAndBuffering")
	void uploadsArriveWholeThroughTheProxy(Stack stack, boolean buffering) throws IOException {
		for (long size : SIZES) {
			try (RawHttpConnection connection = RawHttpConnection.open(nginx.port())) {
				connection.send("POST " + prefix(stack, buffering) + "sha256 HTTP/1.1\r\nHost: localhost\r\n"
						+ "Content-Type: application/octet-stream\r\nContent-Length: " + size
						+ "\r\nConnection: close\r\n\r\n");
				connection.sendPattern(size, size);
				assertThat(connection.readResponse().text()).as("%d bytes", size)
					.isEqualTo(size + " " + BytePattern.sha256(size, size));
			}
		}
	}

	/** nginx keeps its connections to the server open across requests, so the server accepts few. */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void connectionsToTheServerAreKeptAliveAcrossRequests(Stack stack) throws IOException {
		long acceptedBefore = stack.statistics().connections().accepted();
		try (RawHttpConnection connection = RawHttpConnection.open(nginx.port())) {
			for (int i = 0; i < 200; i++) {
				connection.send("GET " + prefix(stack, false) + "hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
				assertThat(connection.readResponse().text()).isEqualTo("hello");
			}
		}
		assertThat(stack.statistics().connections().accepted() - acceptedBefore).isBetween(1L, 2L);
	}

	private static String prefix(Stack stack, boolean buffering) {
		return "/" + stack.name().toLowerCase() + (buffering ? "/buffered/" : "/unbuffered/");
	}

}
