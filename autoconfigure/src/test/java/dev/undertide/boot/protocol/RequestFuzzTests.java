package dev.undertide.boot.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.undertide.boot.it.streaming.RawHttpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded mutation fuzzer over raw request bytes, for about a minute against an MVC and a WebFlux server
 * with one-second header, idle and read timeouts: whatever arrives, the server never answers 5xx for it
 * (but 501 for a transfer coding it does not implement), never holds a connection open past its timeouts,
 * logs no error, and keeps serving. The seed is fixed, so a run repeats exactly; {@code -Dfuzz.seed=N}
 * tries others, and every failure names the seed, the worker and the bytes sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestFuzzTests {

	private static final long SEED = Long.getLong("fuzz.seed", 20261123L);

	private static final Duration RUN = Duration.ofSeconds(Long.getLong("fuzz.seconds", 60));

	private static final int WORKERS_PER_STACK = 8;

	/** The server's timeouts are 1 s; anything still open after this is held past them. */
	private static final int HANG_MILLIS = 5000;

	private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

	private static final String[] CORPUS = {
			"GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n",
			"GET /echo/a%20b?x=1&y=%C3%A9 HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\nCookie: a=b; c=d\r\n\r\n",
			"POST /sha256 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
					+ "Content-Length: 11\r\n\r\nhello world",
			"POST /sha256 HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
					+ "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n",
			"GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\nGET /async?millis=5 HTTP/1.1\r\nHost: localhost\r\n\r\n",
			"GET /stream?parts=3 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
			"GET http://localhost/hello HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n\r\n" };

	private static final byte[] INTERESTING = "\r\n\0 :;,%/?#\t\u007f\u00ff0123456789abcdefHTTPchunked"
		.getBytes(StandardCharsets.ISO_8859_1);

	private final AtomicLong cases = new AtomicLong();

	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	@Test
	void mutatedRequestsNeverGet5xxNeverHangAndNeverStopTheServer(CapturedOutput output) throws Exception {
		long end = System.nanoTime() + RUN.toNanos();
		List<ConfigurableApplicationContext> servers = new ArrayList<>();
		try {
			List<Thread> workers = new ArrayList<>();
			for (Stack stack : Stack.values()) {
				ConfigurableApplicationContext server = stack.start("server.undertow.timeouts.request-header=1s",
						"server.undertow.no-request-timeout=1s", "server.undertow.timeouts.read=1s",
						"server.shutdown=immediate");
				servers.add(server);
				for (int i = 0; i < WORKERS_PER_STACK; i++) {
					String worker = stack + "-" + i;
					long seed = SEED + 31L * workers.size();
					Thread thread = new Thread(() -> fuzz(port(server), worker, seed, end), "fuzz-" + worker);
					thread.start();
					workers.add(thread);
				}
			}
			for (Thread worker : workers) {
				worker.join(RUN.toMillis() + 30_000);
				assertThat(worker.isAlive()).as(worker.getName() + " still running").isFalse();
			}
			assertThat(this.failures).as("failures in %d cases, seed %d", this.cases.get(), SEED).isEmpty();
			assertThat(this.cases.get()).isGreaterThan(1000);
			for (ConfigurableApplicationContext server : servers) {
				RawHttpConnection.Response response = RawHttpConnection.get(port(server), "/hello");
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.text()).isEqualTo("hello");
			}
		}
		finally {
			servers.forEach(ConfigurableApplicationContext::close);
		}
		assertThat(output.getAll()).as("errors logged").doesNotContain(" ERROR ").doesNotContain("SEVERE");
	}

	private void fuzz(int port, String worker, long seed, long end) {
		Random random = new Random(seed);
		for (int iteration = 0; System.nanoTime() < end && this.failures.size() < 10; iteration++) {
			byte[] request = mutate(CORPUS[random.nextInt(CORPUS.length)].getBytes(StandardCharsets.ISO_8859_1),
					random);
			String failure = send(port, request);
			this.cases.incrementAndGet();
			if (failure != null) {
				this.failures.add(failure + " [seed " + SEED + ", worker " + worker + ", iteration " + iteration
						+ "] sent: " + printable(request));
			}
		}
	}

	/** One to four random edits of the kinds that break parsers. */
	private static byte[] mutate(byte[] input, Random random) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] bytes = input;
		int edits = 1 + random.nextInt(4);
		for (int edit = 0; edit < edits && bytes.length > 0; edit++) {
			int at = random.nextInt(bytes.length);
			out.reset();
			switch (random.nextInt(6)) {
				case 0 -> { // replace a byte
					bytes = bytes.clone();
					bytes[at] = pick(random);
					continue;
				}
				case 1 -> { // insert a byte
					out.write(bytes, 0, at);
					out.write(pick(random));
					out.write(bytes, at, bytes.length - at);
				}
				case 2 -> { // delete a run
					int length = Math.min(1 + random.nextInt(8), bytes.length - at);
					out.write(bytes, 0, at);
					out.write(bytes, at + length, bytes.length - at - length);
				}
				case 3 -> { // repeat a run
					int length = Math.min(1 + random.nextInt(16), bytes.length - at);
					out.write(bytes, 0, at + length);
					out.write(bytes, at, bytes.length - at);
				}
				case 4 -> { // cut the request short
					out.write(bytes, 0, at);
				}
				default -> { // a long run of one byte
					out.write(bytes, 0, at);
					byte filler = pick(random);
					for (int i = 0, count = random.nextInt(10_000); i < count; i++) {
						out.write(filler);
					}
					out.write(bytes, at, bytes.length - at);
				}
			}
			bytes = out.toByteArray();
		}
		return bytes;
	}

	private static byte pick(Random random) {
		return random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
	}

	/** Sends the bytes and reads until the server closes; a failure's description, or null. */
	private static String send(int port, byte[] request) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(HANG_MILLIS);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request);
				out.flush();
			}
			catch (SocketException ex) {
				// Closed before all was written, as a server may after a bad request head.
			}
			String received = readUntilClosed(socket.getInputStream());
			Matcher status = STATUS_LINE.matcher(received);
			while (status.find()) {
				int code = Integer.parseInt(status.group(1));
				if (code >= 500 && code != 501) {
					return "answered " + code;
				}
			}
			return null;
		}
		catch (SocketTimeoutException ex) {
			return "connection still open after " + HANG_MILLIS + " ms";
		}
		catch (IOException ex) {
			return "could not connect: " + ex;
		}
	}

	private static String readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
				received.write(buffer, 0, read);
			}
		}
		catch (SocketException ex) {
			// A reset ends the connection as well as a close does.
		}
		return received.toString(StandardCharsets.ISO_8859_1);
	}

	private static String printable(byte[] bytes) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < Math.min(bytes.length, 400); i++) {
			int b = bytes[i] & 0xff;
			text.append((b >= 0x20 && b < 0x7f) ? String.valueOf((char) b) : String.format("\\x%02x", b));
		}
		return (bytes.length > 400) ? text + "… (" + bytes.length + " bytes)" : text.toString();
	}

}
