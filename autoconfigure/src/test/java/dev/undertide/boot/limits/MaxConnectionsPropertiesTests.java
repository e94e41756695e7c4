package dev.undertide.boot.limits;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code server.undertow.backpressure.max-connections}: with that many connections open the server accepts
 * no more; a new connection waits in the kernel's backlog, not refused and not dropped, and is served once
 * an open one closes.
 */
class MaxConnectionsPropertiesTests {

	private static final byte[] QUICK = "GET /quick HTTP/1.1\r\nHost: localhost\r\n\r\n"
		.getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void connectionBeyondTheLimitWaitsUntilAnOpenOneCloses(String stack) throws Exception {
		try (ConfigurableApplicationContext context = RunningApplications.start(HoldingApplication.class,
				"spring.main.web-application-type=" + stack, "server.shutdown=immediate",
				"server.undertow.backpressure.max-connections=2");
				Socket first = new Socket("127.0.0.1", port(context));
				Socket second = new Socket("127.0.0.1", port(context))) {
			assertAnswered(first);
			assertAnswered(second);
			try (Socket third = new Socket("127.0.0.1", port(context))) {
				third.setSoTimeout(1000);
				third.getOutputStream().write(QUICK);
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> third.getInputStream().read());
				first.close();
				third.setSoTimeout(5000);
				assertThat(readHead(third.getInputStream())).startsWith("HTTP/1.1 200");
			}
		}
	}

	private static void assertAnswered(Socket socket) throws Exception {
		socket.setSoTimeout(5000);
		OutputStream out = socket.getOutputStream();
		out.write(QUICK);
		out.flush();
		assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
	}

	/** Reads up to the end of the response head. */
	private static String readHead(InputStream in) throws Exception {
		StringBuilder head = new StringBuilder();
		while (head.indexOf("\r\n\r\n") < 0) {
			int next = in.read();
			assertThat(next).as("connection closed before the end of the head: " + head).isNotNegative();
			head.append((char) next);
		}
		return head.toString();
	}

}
