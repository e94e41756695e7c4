package dev.undertide.boot.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place the integration tests talk HTTP from: {@link HttpClient} requests for ordinary cases, a
 * raw socket for requests the client refuses to send, and {@code Set-Cookie} parsing.
 */
public final class Http {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(TIMEOUT)
		.build();

	private Http() {
	}

	public static URI uri(int port, String pathAndQuery) {
		return URI.create("http://localhost:" + port + pathAndQuery);
	}

	/** A GET; {@code headers} are name/value pairs. */
	public static HttpResponse<String> get(int port, String pathAndQuery, String... headers) {
		return send(request(port, pathAndQuery, headers).GET().build());
	}

	public static HttpResponse<String> postJson(int port, String path, String json, String... headers) {
		return send(request(port, path, headers).header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
			.build());
	}

	public static HttpResponse<String> postForm(int port, String pathAndQuery, String encodedBody, String... headers) {
		return send(request(port, pathAndQuery, headers)
			.header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(encodedBody, StandardCharsets.US_ASCII))
			.build());
	}

	public static HttpResponse<String> post(int port, String path, String... headers) {
		return send(request(port, path, headers).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	private static HttpRequest.Builder request(int port, String pathAndQuery, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(port, pathAndQuery)).timeout(TIMEOUT);
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder;
	}

	public static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request " + request + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Percent-encodes as a form or query value, in UTF-8. */
	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * Sends the bytes of {@code request} (ISO-8859-1) exactly as given over a new connection and reads the
	 * response until the server closes the connection, so the request should ask for
	 * {@code Connection: close}.
	 */
	public static RawResponse raw(int port, String request) {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
			}
			catch (SocketException ex) {
				// The server may answer and close before it read everything; its answer is what matters.
			}
			return RawResponse.parse(readUntilClosed(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Raw request to port " + port + " failed", ex);
		}
	}

	private static byte[] readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.write(buffer, 0, read);
			}
		}
		catch (SocketException ex) {
			// A reset after the response still leaves the response readable.
			if (received.size() == 0) {
				throw ex;
			}
		}
		return received.toByteArray();
	}

	/** All {@code Set-Cookie} headers of a response, parsed. */
	public static List<SetCookie> setCookies(HttpResponse<?> response) {
		return response.headers().allValues("Set-Cookie").stream().map(SetCookie::parse).toList();
	}

	/** The one {@code Set-Cookie} for {@code name}; fails when there is none or several. */
	public static SetCookie setCookie(HttpResponse<?> response, String name) {
		List<SetCookie> matching = setCookies(response).stream().filter((cookie) -> cookie.name().equals(name)).toList();
		if (matching.size() != 1) {
			throw new AssertionError("Expected exactly one Set-Cookie for '" + name + "' but got "
					+ response.headers().allValues("Set-Cookie"));
		}
		return matching.get(0);
	}

	/** A response read from a raw socket. */
	public record RawResponse(int status, String statusLine, Map<String, List<String>> headers, String body) {

		public static RawResponse parse(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int headEnd = text.indexOf("\r\n\r\n");
			if (headEnd < 0) {
				throw new IllegalStateException("No complete HTTP response head in: '" + text + "'");
			}
			String[] lines = text.substring(0, headEnd).split("\r\n");
			String statusLine = lines[0];
			String[] statusParts = statusLine.split(" ", 3);
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.computeIfAbsent(lines[i].substring(0, colon).trim(), (key) -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).trim());
			}
			byte[] body = java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
			List<String> encoding = headers.getOrDefault("Transfer-Encoding", List.of());
			if (encoding.stream().anyMatch((value) -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
				body = dechunk(body);
			}
			return new RawResponse(Integer.parseInt(statusParts[1]), statusLine, headers,
					new String(body, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			String text = new String(chunked, StandardCharsets.ISO_8859_1);
			int position = 0;
			while (true) {
				int lineEnd = text.indexOf("\r\n", position);
				int size = Integer.parseInt(text.substring(position, lineEnd).split(";")[0].trim(), 16);
				if (size == 0) {
					return out.toByteArray();
				}
				out.write(chunked, lineEnd + 2, size);
				position = lineEnd + 2 + size + 2;
			}
		}

		public List<String> header(String name) {
			return this.headers.getOrDefault(name, List.of());
		}

	}

	/** One {@code Set-Cookie} header: name, value and attributes (names case-insensitive, flags ""). */
	public record SetCookie(String name, String value, Map<String, String> attributes, String header) {

		public static SetCookie parse(String header) {
			String[] parts = header.split(";");
			int equals = parts[0].indexOf('=');
			Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (int i = 1; i < parts.length; i++) {
				String part = parts[i].trim();
				int attributeEquals = part.indexOf('=');
				if (attributeEquals < 0) {
					attributes.put(part, "");
				}
				else {
					attributes.put(part.substring(0, attributeEquals).trim(), part.substring(attributeEquals + 1).trim());
				}
			}
			return new SetCookie(parts[0].substring(0, equals).trim(), parts[0].substring(equals + 1).trim(),
					attributes, header);
		}

		public boolean has(String attribute) {
			return this.attributes.containsKey(attribute);
		}

		public String attribute(String attribute) {
			return this.attributes.get(attribute);
		}

	}

	/** Parses {@code key=value} lines, as the test servlets write them. */
	public static Map<String, String> lines(String body) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : body.split("\n")) {
			int equals = line.indexOf('=');
			if (equals > 0) {
				values.put(line.substring(0, equals), line.substring(equals + 1).stripTrailing());
			}
		}
		return values;
	}

}
