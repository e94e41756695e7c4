package dev.undertide.boot.limits;

import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.undertide.boot.it.support.Http;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.max-http-post-size} and {@code server.undertow.max-parameters}, with Spring Boot
 * 3.5's names and meanings.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RequestLimitPropertiesTests.LimitsApplication.class,
		properties = { "server.undertow.max-http-post-size=1KB", "server.undertow.max-parameters=5" })
class RequestLimitPropertiesTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void bodyOverMaxHttpPostSizeIsAnswered413WithBootErrorJson() throws Exception {
		HttpResponse<String> response = post("/echo", "x".repeat(2048), "text/plain");
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("\"status\":413");
	}

	/**
	 * The 413 goes out before the body is read, and the connection closes after it. The client is still
	 * sending: a plain close would meet its unread bytes and reset the connection, which can destroy the
	 * answer before the client reads it. The lingering close drains the input instead, so the whole answer
	 * arrives, then the end of the stream.
	 */
	@Test
	void refusalOfABodyStillBeingSentArrivesWholeBeforeTheClose() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			int size = 4 * 1024 * 1024;
			out.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: " + size
					+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[64 * 1024];
			try {
				for (int sent = 0; sent < size; sent += chunk.length) {
					out.write(chunk);
				}
			}
			catch (SocketException ex) {
				// The server stopped draining once it had lingered long enough; what it answered is still there.
			}
			Http.RawResponse response = Http.RawResponse.parse(socket.getInputStream().readAllBytes());
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.header("Connection")).containsExactly("close");
			assertThat(response.body()).contains("\"status\":413");
		}
	}

	/** Counted as it arrives; undertow-core alone would close the connection without an answer. */
	@Test
	void chunkedBodyOverMaxHttpPostSizeIsAnswered413WithBootErrorJson() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			String chunk = "400\r\n" + "x".repeat(1024) + "\r\n";
			socket.getOutputStream()
				.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
						+ "Transfer-Encoding: chunked\r\n\r\n" + chunk.repeat(2) + "0\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			Http.RawResponse response = Http.RawResponse.parse(socket.getInputStream().readAllBytes());
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.header("Connection")).containsExactly("close");
			assertThat(response.body()).contains("\"status\":413");
		}
	}

	@Test
	void bodyWithinMaxHttpPostSizeIsRead() throws Exception {
		HttpResponse<String> response = post("/echo", "x".repeat(1000), "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("1000");
	}

	@Test
	void moreParametersThanMaxParametersIsAnswered400() throws Exception {
		HttpResponse<String> response = post("/params", "a=1&b=2&c=3&d=4&e=5&f=6",
				"application/x-www-form-urlencoded");
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void parametersWithinMaxParametersAreRead() throws Exception {
		HttpResponse<String> response = post("/params", "a=1&b=2&c=3", "application/x-www-form-urlencoded");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("3");
	}

	private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(BodyPublishers.ofString(body))
			.build();
		return this.client.send(request, BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(LimitsController.class)
	static class LimitsApplication {

	}

	@RestController
	static class LimitsController {

		@PostMapping("/echo")
		String echo(@RequestBody String body) {
			return Integer.toString(body.length());
		}

		@GetMapping("/cookies")
		String cookies(HttpServletRequest request) {
			return Integer.toString((request.getCookies() != null) ? request.getCookies().length : 0);
		}

		@PostMapping("/params")
		String params(@RequestParam Map<String, String> parameters) {
			return Integer.toString(parameters.size());
		}

	}

}
