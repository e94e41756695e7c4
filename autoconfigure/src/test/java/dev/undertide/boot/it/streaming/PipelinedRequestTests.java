package dev.undertide.boot.it.streaming;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.undertide.boot.it.streaming.RawHttpConnection.Head;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body the application never read is skipped, not parsed as the next request: the request
 * pipelined behind it is answered, or the connection is closed, but never answered from body bytes.
 */
@StreamingWebTest
class PipelinedRequestTests {

	private static final int BODY_SIZE = 100 * 1024;

	/** The unread body looks like requests, so parsing it as such would show in the answers. */
	private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n";

	@LocalServerPort
	int port;

	@Test
	void unreadContentLengthBodyDoesNotBecomeTheNextPipelinedRequest() throws Exception {
		byte[] body = smuggledBody();
		ByteArrayOutputStream requests = new ByteArrayOutputStream();
		requests.writeBytes(ascii("POST /upload/ignore HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n"));
		requests.writeBytes(body);
		requests.writeBytes(ascii("GET /ok HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
		assertAnsweredInOrder(requests.toByteArray());
	}

	@Test
	void unreadChunkedBodyDoesNotBecomeTheNextPipelinedRequest() throws Exception {
		byte[] body = smuggledBody();
		ByteArrayOutputStream requests = new ByteArrayOutputStream();
		requests.writeBytes(ascii("POST /upload/ignore HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));
		for (int offset = 0; offset < body.length; offset += 4096) {
			int length = Math.min(4096, body.length - offset);
			requests.writeBytes(ascii(Integer.toHexString(length) + "\r\n"));
			requests.write(body, offset, length);
			requests.writeBytes(ascii("\r\n"));
		}
		requests.writeBytes(ascii("0\r\n\r\n"));
		requests.writeBytes(ascii("GET /ok HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
		assertAnsweredInOrder(requests.toByteArray());
	}

	private void assertAnsweredInOrder(byte[] requests) throws Exception {
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send(requests);
			Response first = connection.readResponse();
			assertThat(first.status()).isEqualTo(200);
			assertThat(first.text()).isEqualTo("ignored");
			Head second = connection.readHeadOrNull();
			if (second == null) {
				System.out.println("[streaming] the server closed the connection after the unread body");
				return;
			}
			Response next = new Response(second, connection.body(second).readAllBytes());
			assertThat(next.head().statusLine()).as("the answer after the unread body").startsWith("HTTP/1.1 200");
			assertThat(next.text()).isEqualTo("ok");
			assertThat(connection.serverClosed()).as("nothing answered after /ok").isTrue();
		}
	}

	private static byte[] smuggledBody() {
		StringBuilder body = new StringBuilder(BODY_SIZE);
		while (body.length() + SMUGGLED.length() <= BODY_SIZE) {
			body.append(SMUGGLED);
		}
		body.append("x".repeat(BODY_SIZE - body.length()));
		return ascii(body.toString());
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
