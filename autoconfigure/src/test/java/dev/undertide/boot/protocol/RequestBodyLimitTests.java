package dev.undertide.boot.protocol;

import java.io.IOException;

import dev.undertide.boot.it.streaming.RawHttpConnection;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.max-http-post-size} for a chunked body, whose length is known only once it has
 * arrived: over the limit it is answered 413 and the connection closed after the answer; within it, read.
 */
class RequestBodyLimitTests {

	private static final String CHUNK = "400\r\n" + "x".repeat(1024) + "\r\n";

	@ParameterizedTest
	@EnumSource(Stack.class)
	void chunkedBodyOverTheLimitIsAnswered413(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start("server.undertow.max-http-post-size=4KB");
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			connection.send(chunkedPost(5));
			Response response = connection.readResponse();
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.head().header("Connection")).isEqualToIgnoringCase("close");
			assertThat(connection.serverClosed()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void chunkedBodyWithinTheLimitIsRead(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start("server.undertow.max-http-post-size=4KB");
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			connection.send(chunkedPost(4));
			Response response = connection.readResponse();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.text()).startsWith("4096 ");
		}
	}

	private static String chunkedPost(int chunks) {
		return "POST /sha256 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNK.repeat(chunks)
				+ "0\r\n\r\n";
	}

}
