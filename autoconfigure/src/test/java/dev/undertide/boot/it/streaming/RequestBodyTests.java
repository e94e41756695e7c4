package dev.undertide.boot.it.streaming;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.undertide.boot.it.streaming.RawHttpConnection.Head;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import dev.undertide.boot.it.streaming.app.BytePattern;
import dev.undertide.boot.it.streaming.app.StreamingProbes;
import dev.undertide.boot.it.streaming.app.UploadGuards;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies arrive whole, and {@code Expect: 100-continue} is honoured both ways. */
@StreamingWebTest
class RequestBodyTests {

	private static final int MIB = 1024 * 1024;

	/** How long a client waits for {@code 100 Continue} or a final status before sending a body. */
	private static final int EXPECT_WAIT_MILLIS = 2000;

	@LocalServerPort
	int port;

	@Autowired
	StreamingProbes probes;

	@Test
	void contentLengthUploadOf8MiBArrivesWhole() throws Exception {
		long size = 8 * MIB;
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send("POST /upload/sha256 HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/octet-stream\r\nContent-Length: " + size + "\r\n\r\n");
			connection.sendPattern(11, size);
			Response response = connection.readResponse();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.text()).isEqualTo(size + " " + BytePattern.sha256(11, size));
		}
	}

	@Test
	void chunkedUploadOf8MiBArrivesWhole() throws Exception {
		int size = 8 * MIB;
		byte[] body = BytePattern.bytes(12, size);
		int[] chunkSizes = { 1, 100, 8192, 65536, 12345, MIB, 3, 32768 };
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send("POST /upload/sha256 HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
			int sent = 0;
			for (int i = 0; sent < size; i++) {
				int length = Math.min(chunkSizes[i % chunkSizes.length], size - sent);
				ByteArrayOutputStream chunk = new ByteArrayOutputStream(length + 16);
				chunk.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				chunk.write(body, sent, length);
				chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
				connection.send(chunk.toByteArray());
				sent += length;
			}
			connection.send("0\r\n\r\n");
			Response response = connection.readResponse();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.text()).isEqualTo(size + " " + BytePattern.sha256Hex(body));
		}
	}

	@Test
	void expectContinueGets100BeforeTheBodyIsSentWhenTheApplicationReadsIt() throws Exception {
		long size = 256 * 1024;
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send("POST /upload/sha256 HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
					+ "Content-Type: application/octet-stream\r\nContent-Length: " + size + "\r\n\r\n");
			connection.socket().setSoTimeout(EXPECT_WAIT_MILLIS);
			Head interim = connection.readHead();
			assertThat(interim.status()).as("interim response %s", interim.statusLine()).isEqualTo(100);
			connection.socket().setSoTimeout(RawHttpConnection.DEFAULT_READ_TIMEOUT_MILLIS);
			connection.sendPattern(13, size);
			Response response = connection.readResponse();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.text()).isEqualTo(size + " " + BytePattern.sha256(13, size));
		}
	}

	@Test
	void expectContinueRefusedByAFilterFor413GetsTheFinalStatusWithoutA100OrTheBody() throws Exception {
		String id = UUID.randomUUID().toString();
		Head head = headersOnly("POST /upload/limited?id=" + id + " HTTP/1.1\r\nHost: localhost\r\n"
				+ "Expect: 100-continue\r\nContent-Type: application/octet-stream\r\nContent-Length: "
				+ (8 * UploadGuards.LIMIT) + "\r\n\r\n");
		assertThat(head.status()).isEqualTo(413);
		assertThat(this.probes.bodyRead(id)).as("the controller never ran").isNotDone();
	}

	@Test
	void expectContinueRefusedAsUnauthorizedGetsA401WithoutA100OrTheBody() throws Exception {
		String id = UUID.randomUUID().toString();
		Head head = headersOnly("POST /upload/secured?id=" + id + " HTTP/1.1\r\nHost: localhost\r\n"
				+ "Expect: 100-continue\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (8 * MIB)
				+ "\r\n\r\n");
		assertThat(head.status()).isEqualTo(401);
		assertThat(head.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(this.probes.bodyRead(id)).as("the controller never ran").isNotDone();
	}

	/** Sends only the head of a request and reads the first response head within the expect wait. */
	private Head headersOnly(String requestHead) throws Exception {
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send(requestHead);
			connection.socket().setSoTimeout(EXPECT_WAIT_MILLIS);
			Head head = connection.readHead();
			assertThat(head.status()).as("no 100 Continue for a request refused before its body is read")
				.isNotEqualTo(100);
			return head;
		}
	}

}
