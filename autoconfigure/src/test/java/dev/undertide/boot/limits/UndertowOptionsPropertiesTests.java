package dev.undertide.boot.limits;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code server.undertow.max-headers} and the generic {@code server.undertow.options.server.*} reach
 * undertow's real options; an option name undertow does not know fails start-up and says which property.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RequestLimitPropertiesTests.LimitsApplication.class,
		properties = { "server.undertow.max-headers=10", "server.undertow.max-cookies=3",
				"server.undertow.options.server.MAX_PARAMETERS=2" })
class UndertowOptionsPropertiesTests {

	@LocalServerPort
	private int port;

	@Test
	void moreHeadersThanMaxHeadersIsRefusedWith400AndTheServerKeepsServing() throws Exception {
		StringBuilder request = new StringBuilder("GET /nothing HTTP/1.1\r\nHost: test\r\n");
		for (int i = 0; i < 15; i++) {
			request.append("X-Header-").append(i).append(": ").append(i).append("\r\n");
		}
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 400");
		}
		HttpResponse<String> normal = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/params"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("a=1"))
				.build(), BodyHandlers.ofString());
		assertThat(normal.statusCode()).isEqualTo(200);
	}

	@Test
	void moreCookiesThanMaxCookiesIsAnswered400() throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/cookies"));
		HttpResponse<String> tooMany = HttpClient.newHttpClient()
			.send(request.header("Cookie", "a=1; b=2; c=3; d=4; e=5").build(), BodyHandlers.ofString());
		assertThat(tooMany.statusCode()).isEqualTo(400);
		HttpResponse<String> fine = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/cookies"))
				.header("Cookie", "a=1; b=2")
				.build(), BodyHandlers.ofString());
		assertThat(fine.body()).isEqualTo("2");
	}

	@Test
	void serverOptionByNameReachesUndertow() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/params"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("a=1&b=2&c=3"))
				.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void unknownOptionNameFailsStartUpNamingTheProperty() {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(RequestLimitPropertiesTests.LimitsApplication.class)
				.properties("server.port=0", "spring.main.banner-mode=off",
						"server.undertow.options.server.NO_SUCH_OPTION=1")
				.run()
				.close())
			.withStackTraceContaining("server.undertow.options.server.NO_SUCH_OPTION")
			.withStackTraceContaining("MAX_HEADER_SIZE");
	}

}
