package dev.undertide.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Large bodies whose every byte can be checked, and a client that reads them far slower than a server writes. */
public final class LargeResponses {

	private static final int PAUSE_EVERY = 512 * 1024;

	private LargeResponses() {
	}

	/** Bytes that differ from their neighbours, so that a lost, repeated or misplaced run shows. */
	public static byte[] pattern(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i % 251);
		}
		return bytes;
	}

	/**
	 * Reads one response, its body by its {@code Content-Length} or chunked, pausing 5 ms after every
	 * 512 KiB; leaves the stream at the next response.
	 */
	public static Response readSlowly(InputStream in) throws IOException, InterruptedException {
		String head = readHead(in);
		String lowerCase = head.toLowerCase(Locale.ROOT);
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (lowerCase.contains("\r\ntransfer-encoding: chunked\r\n")) {
			int size;
			while ((size = Integer.parseInt(readLine(in), 16)) > 0) {
				readSlowly(in, size, body);
				assertThat(readLine(in)).as("the end of a chunk of " + size + " bytes").isEmpty();
			}
			assertThat(readLine(in)).as("the end of the trailer section").isEmpty();
		}
		else {
			int at = lowerCase.indexOf("\r\ncontent-length: ");
			assertThat(at).as("a Content-Length or chunked body in " + head).isNotNegative();
			readSlowly(in, Integer.parseInt(lowerCase.substring(at + 18, lowerCase.indexOf('\r', at + 2))), body);
		}
		return new Response(head, body.toByteArray());
	}

	/** Reads a response's status line and headers, up to and with the empty line. */
	public static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (head.indexOf("\r\n\r\n") < 0) {
			int next = in.read();
			assertThat(next).as("response head so far: " + head).isNotNegative();
			head.append((char) next);
		}
		return head.toString();
	}

	private static void readSlowly(InputStream in, int count, ByteArrayOutputStream into)
			throws IOException, InterruptedException {
		byte[] chunk = new byte[16 * 1024];
		for (int left = count; left > 0;) {
			int read = in.read(chunk, 0, Math.min(chunk.length, left));
			assertThat(read).as("body bytes, " + left + " still to come").isPositive();
			into.write(chunk, 0, read);
			left -= read;
			if (into.size() % PAUSE_EVERY < read) {
				Thread.sleep(5);
			}
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int next;
		while ((next = in.read()) != '\n') {
			assertThat(next).as("a line, so far: " + line).isNotNegative();
			line.append((char) next);
		}
		assertThat(line.toString()).as("a line ending in CRLF").endsWith("\r");
		return line.substring(0, line.length() - 1);
	}

	public record Response(String head, byte[] body) {
	}

}
