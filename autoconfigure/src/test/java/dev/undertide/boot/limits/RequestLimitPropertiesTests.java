package dev.undertide.boot.limits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

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
