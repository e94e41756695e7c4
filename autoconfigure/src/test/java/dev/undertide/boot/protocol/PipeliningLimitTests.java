package dev.undertide.boot.protocol;

import java.io.IOException;
import java.net.SocketTimeoutException;

import dev.undertide.boot.it.streaming.RawHttpConnection;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code server.undertow.backpressure.max-pipelined}: how many responses in a row a connection gets while
 * its next request has already been read. The response after them closes the connection, and nothing read
 * ahead is parsed; a client that waits for each response is never limited.
 */
class PipeliningLimitTests {

	private static final String GET_HELLO = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n";

	@ParameterizedTest
	@EnumSource(Stack.class)
	void responseAfterTheLimitClosesTheConnection(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start("server.undertow.backpressure.max-pipelined=1");
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			connection.send(GET_HELLO.repeat(3));
			Response first = connection.readResponse();
			assertThat(first.text()).isEqualTo("hello");
			assertThat(first.head().header("Connection")).isNotEqualToIgnoringCase("close");
			Response second = connection.readResponse();
			assertThat(second.text()).isEqualTo("hello");
			assertThat(second.head().header("Connection")).isEqualToIgnoringCase("close");
			assertThat(connection.serverClosed()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void limitOfZeroAnswersOnlyTheFirstOfPipelinedRequests(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start("server.undertow.backpressure.max-pipelined=0");
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			connection.send(GET_HELLO + "GET /echo/second HTTP/1.1\r\nHost: localhost\r\n\r\n");
			Response response = connection.readResponse();
			assertThat(response.text()).isEqualTo("hello");
			assertThat(response.head().header("Connection")).isEqualToIgnoringCase("close");
			assertThat(connection.serverClosed()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void clientThatWaitsForEachResponseIsNeverLimited(Stack stack) throws IOException {
		try (ConfigurableApplicationContext context = stack.start("server.undertow.backpressure.max-pipelined=0");
				RawHttpConnection connection = RawHttpConnection.open(RunningApplications.port(context))) {
			for (int i = 0; i < 5; i++) {
				connection.send(GET_HELLO);
				Response response = connection.readResponse();
				assertThat(response.text()).isEqualTo("hello");
				assertThat(response.head().header("Connection")).isNotEqualToIgnoringCase("close");
			}
			connection.socket().setSoTimeout(300);
			assertThatExceptionOfType(SocketTimeoutException.class).as("the connection stays open")
				.isThrownBy(() -> connection.socket().getInputStream().read());
		}
	}

}
