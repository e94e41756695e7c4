package dev.undertide.boot.it.streaming;

import java.io.InputStream;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.it.streaming.RawHttpConnection.Hashed;
import dev.undertide.boot.it.streaming.RawHttpConnection.Head;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import dev.undertide.boot.it.streaming.app.BytePattern;
import dev.undertide.boot.it.streaming.app.StreamingProbes;
import dev.undertide.boot.it.streaming.app.StreamingProbes.Written;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large response bodies arrive whole: what the client read hashes to what the server wrote, however the
 * connection is used and however fast the client reads.
 */
@StreamingWebTest
class LargeResponseTests {

	private static final long MIB = 1024 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	StreamingProbes probes;

	@ParameterizedTest(name = "{0} bytes, declared length {1}")
	@CsvSource({ "1048576, false", "1048576, true", "67108864, false", "67108864, true" })
	void bodyArrivesWholeOnAKeepAliveConnectionThatThenServesTheNextRequest(long size, boolean declaredLength)
			throws Exception {
		String id = UUID.randomUUID().toString();
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send(bytesRequest(id, size, declaredLength, ""));
			Head head = connection.readHead();
			assertThat(head.status()).isEqualTo(200);
			assertBodyLength(head, size, declaredLength);
			assertWhole(id, size, RawHttpConnection.hash(connection.body(head)));
			connection.send("GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n");
			Response next = connection.readResponse();
			assertThat(next.status()).isEqualTo(200);
			assertThat(next.text()).isEqualTo("ok");
		}
	}

	@ParameterizedTest(name = "{0} bytes, declared length {1}")
	@CsvSource({ "1048576, false", "1048576, true", "67108864, false", "67108864, true" })
	void bodyArrivesWholeWhenTheClientAsksToCloseAndTheServerClosesAfterTheLastByte(long size,
			boolean declaredLength) throws Exception {
		String id = UUID.randomUUID().toString();
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send(bytesRequest(id, size, declaredLength, "Connection: close\r\n"));
			Head head = connection.readHead();
			assertThat(head.status()).isEqualTo(200);
			assertWhole(id, size, RawHttpConnection.hash(connection.body(head)));
			assertThat(connection.serverClosed()).isTrue();
		}
	}

	/** 16 KiB receive window, 64 KiB read every 20 ms: the server's writes keep blocking and resuming. */
	@Test
	@Timeout(30)
	void slowReaderWithASmallReceiveWindowGetsTheWholeBody() throws Exception {
		String id = UUID.randomUUID().toString();
		long size = 8 * MIB;
		long start = System.nanoTime();
		try (RawHttpConnection connection = RawHttpConnection.open(this.port,
				(socket) -> socket.setReceiveBufferSize(16 * 1024))) {
			connection.send(bytesRequest(id, size, false, ""));
			Head head = connection.readHead();
			assertThat(head.status()).isEqualTo(200);
			InputStream body = connection.body(head);
			var digest = BytePattern.sha256();
			byte[] buffer = new byte[64 * 1024];
			long count = 0;
			while (true) {
				int read = body.readNBytes(buffer, 0, buffer.length);
				digest.update(buffer, 0, read);
				count += read;
				if (read < buffer.length) {
					break;
				}
				Thread.sleep(20);
			}
			assertWhole(id, size, new Hashed(count, BytePattern.hex(digest)));
		}
		System.out.printf("[streaming] slow reader: %d MiB in %d ms%n", size / MIB,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	@Test
	@Timeout(60)
	void gibibyteBodyStreamsWholeToAFastReader() throws Exception {
		String id = UUID.randomUUID().toString();
		long size = 1024 * MIB;
		long start = System.nanoTime();
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send(bytesRequest(id, size, false, ""));
			Head head = connection.readHead();
			assertThat(head.status()).isEqualTo(200);
			assertWhole(id, size, RawHttpConnection.hash(connection.body(head)));
		}
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		System.out.printf("[streaming] 1 GiB streamed and hashed in %d ms%n", elapsedMillis);
		assertThat(elapsedMillis).isLessThan(20_000);
	}

	private static String bytesRequest(String id, long size, boolean declaredLength, String extraHeaders) {
		return "GET /bytes?id=" + id + "&seed=" + size + "&size=" + size + "&length=" + declaredLength
				+ " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders + "\r\n";
	}

	private static void assertBodyLength(Head head, long size, boolean declaredLength) {
		if (declaredLength || size <= 16 * 1024) {
			assertThat(head.contentLength()).isEqualTo(size);
		}
		else {
			assertThat(head.isChunked()).as("an undeclared large body is chunked on a kept-alive connection")
				.isTrue();
		}
	}

	private void assertWhole(String id, long size, Hashed received) throws Exception {
		Written written = this.probes.written(id).get(5, TimeUnit.SECONDS);
		assertThat(written.length()).isEqualTo(size);
		assertThat(received.length()).as("bytes received").isEqualTo(size);
		assertThat(received.sha256()).as("SHA-256 of what the client read").isEqualTo(written.sha256());
	}

}
