package dev.undertide.boot.it.streaming;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.undertide.boot.it.streaming.app.BytePattern;

/**
 * One client connection over a plain socket, for what {@link java.net.http.HttpClient} hides: responses
 * read as they arrive, several requests on one connection, {@code Expect: 100-continue}, chunked uploads,
 * and how and when the server closes.
 */
public final class RawHttpConnection implements Closeable {

	public static final int DEFAULT_READ_TIMEOUT_MILLIS = 10_000;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RawHttpConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
		this.out = socket.getOutputStream();
	}

	public static RawHttpConnection open(int port) throws IOException {
		return open(port, (socket) -> {
		});
	}

	/** Opens a connection; {@code setup} runs before connecting, where buffer sizes still take effect. */
	public static RawHttpConnection open(int port, SocketSetup setup) throws IOException {
		Socket socket = new Socket();
		setup.apply(socket);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(DEFAULT_READ_TIMEOUT_MILLIS);
		return new RawHttpConnection(socket);
	}

	/**
	 * A GET on a new connection that asks the server to close it after the response, so no test shares a
	 * connection with another; {@code headers} are name/value pairs.
	 */
	public static Response get(int port, String pathAndQuery, String... headers) throws IOException {
		StringBuilder request = new StringBuilder("GET ").append(pathAndQuery)
			.append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
		for (int i = 0; i < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		try (RawHttpConnection connection = open(port)) {
			connection.send(request.append("\r\n").toString());
			return connection.readResponse();
		}
	}

	public Socket socket() {
		return this.socket;
	}

	public void send(String text) throws IOException {
		send(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	public void send(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/** Sends {@code size} bytes of the pattern for {@code seed} in 64 KiB writes. */
	public void sendPattern(long seed, long size) throws IOException {
		BytePattern pattern = new BytePattern(seed);
		byte[] chunk = new byte[64 * 1024];
		for (long left = size; left > 0;) {
			int length = (int) Math.min(chunk.length, left);
			pattern.fill(chunk, 0, length);
			this.out.write(chunk, 0, length);
			left -= length;
		}
		this.out.flush();
	}

	/** Reads a response head; fails if the connection ends first. */
	public Head readHead() throws IOException {
		Head head = readHeadOrNull();
		if (head == null) {
			throw new EOFException("The server closed the connection instead of answering");
		}
		return head;
	}

	/** Reads a response head, or returns {@code null} when the server closed (or reset) the connection instead. */
	public Head readHeadOrNull() throws IOException {
		String statusLine;
		try {
			statusLine = readLine();
		}
		catch (SocketException ex) {
			return null;
		}
		if (statusLine == null) {
			return null;
		}
		String[] parts = statusLine.split(" ", 3);
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			headers.computeIfAbsent(line.substring(0, colon).trim(), (name) -> new ArrayList<>())
				.add(line.substring(colon + 1).trim());
		}
		return new Head(Integer.parseInt(parts[1]), statusLine, headers);
	}

	/** The decoded body of the response with this head, as it arrives. */
	public InputStream body(Head head) {
		if (head.status() < 200 || head.status() == 204 || head.status() == 304) {
			return InputStream.nullInputStream();
		}
		if (head.isChunked()) {
			return new ChunkedBody();
		}
		long length = head.contentLength();
		if (length >= 0) {
			return new FixedLengthBody(length);
		}
		return this.in;
	}

	/** Reads a whole response: the head and all of its body. */
	public Response readResponse() throws IOException {
		Head head = readHead();
		return new Response(head, body(head).readAllBytes());
	}

	/**
	 * Whether the server has closed the connection: reads until end of stream (or reset) within the read
	 * timeout; any byte that arrives instead is a failure.
	 */
	public boolean serverClosed() throws IOException {
		try {
			int next = this.in.read();
			if (next != -1) {
				throw new AssertionError("Expected the server to close the connection but it sent more: "
						+ (char) next + new String(this.in.readNBytes(Math.min(this.in.available(), 200)),
								StandardCharsets.ISO_8859_1));
			}
			return true;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = this.in.read();
			if (next == -1) {
				if (line.size() == 0) {
					return null;
				}
				throw new EOFException("Connection closed within a line: " + line.toString(StandardCharsets.ISO_8859_1));
			}
			if (next == '\n' && previous == '\r') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(next);
			previous = next;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/** Reads from {@code body} until the text read ends with {@code marker}; one byte at a time, so nothing after it is consumed. */
	public static String readUntil(InputStream body, String marker) throws IOException {
		StringBuilder text = new StringBuilder();
		while (!text.toString().endsWith(marker)) {
			int next = body.read();
			if (next == -1) {
				throw new EOFException("The body ended before '" + marker.replace("\n", "\\n") + "'; got: " + text);
			}
			text.append((char) next);
		}
		return text.toString();
	}

	/** Reads {@code body} to its end, hashing on the fly. */
	public static Hashed hash(InputStream body) throws IOException {
		MessageDigest digest = BytePattern.sha256();
		byte[] buffer = new byte[256 * 1024];
		long count = 0;
		int read;
		while ((read = body.read(buffer)) != -1) {
			digest.update(buffer, 0, read);
			count += read;
		}
		return new Hashed(count, BytePattern.hex(digest));
	}

	@FunctionalInterface
	public interface SocketSetup {

		void apply(Socket socket) throws IOException;

	}

	public record Hashed(long length, String sha256) {
	}

	public record Head(int status, String statusLine, Map<String, List<String>> headers) {

		public String header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null) ? values.get(0) : null;
		}

		public boolean isChunked() {
			List<String> values = this.headers.getOrDefault("Transfer-Encoding", List.of());
			return values.stream().anyMatch((value) -> value.toLowerCase(Locale.ROOT).contains("chunked"));
		}

		public long contentLength() {
			String length = header("Content-Length");
			return (length != null) ? Long.parseLong(length) : -1;
		}

	}

	public record Response(Head head, byte[] body) {

		public int status() {
			return this.head.status();
		}

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	private final class FixedLengthBody extends InputStream {

		private long left;

		FixedLengthBody(long length) {
			this.left = length;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			if (this.left == 0) {
				return -1;
			}
			int read = RawHttpConnection.this.in.read(bytes, offset, (int) Math.min(length, this.left));
			if (read == -1) {
				throw new EOFException("The connection ended with " + this.left + " bytes of the body missing");
			}
			this.left -= read;
			return read;
		}

	}

	private final class ChunkedBody extends InputStream {

		private long leftInChunk;

		private boolean started;

		private boolean ended;

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			if (this.ended) {
				return -1;
			}
			if (this.leftInChunk == 0) {
				if (this.started) {
					expectCrlf();
				}
				this.started = true;
				String sizeLine = readLine();
				if (sizeLine == null) {
					throw new EOFException("The connection ended before the last chunk");
				}
				this.leftInChunk = Long.parseLong(sizeLine.split(";", 2)[0].trim(), 16);
				if (this.leftInChunk == 0) {
					for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
						// Trailers are not needed by the tests.
					}
					this.ended = true;
					return -1;
				}
			}
			int read = RawHttpConnection.this.in.read(bytes, offset, (int) Math.min(length, this.leftInChunk));
			if (read == -1) {
				throw new EOFException("The connection ended within a chunk");
			}
			this.leftInChunk -= read;
			return read;
		}

		private void expectCrlf() throws IOException {
			String line = readLine();
			if (line == null || !line.isEmpty()) {
				throw new IOException("Malformed chunk: expected CRLF after the chunk data but got '" + line + "'");
			}
		}

	}

}
