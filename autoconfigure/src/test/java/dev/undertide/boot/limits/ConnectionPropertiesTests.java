package dev.undertide.boot.limits;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.decode-url}, {@code url-charset}, {@code always-set-keep-alive} and
 * {@code no-request-timeout}, with Spring Boot 3.5's meanings.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ConnectionPropertiesTests.EchoApplication.class,
		properties = { "server.undertow.decode-url=false", "server.undertow.url-charset=ISO-8859-1",
				"server.undertow.always-set-keep-alive=false", "server.undertow.no-request-timeout=300ms" })
class ConnectionPropertiesTests {

	@LocalServerPort
	private int port;

	@Test
	void withoutUrlDecodingTheServletPathKeepsItsEscapes() throws Exception {
		assertThat(get("/echo/a%20b").body()).startsWith("path=/echo/a%20b;");
	}

	@Test
	void queryIsDecodedWithTheUrlCharset() throws Exception {
		assertThat(get("/echo/x?v=%E9").body()).endsWith("v=\u00e9");
	}

	@Test
	void keepAliveHeaderIsLeftOutWhenNotAlwaysSet() throws Exception {
		HttpResponse<String> response = get("/echo/x");
		assertThat(response.headers().firstValue("Connection")).isEmpty();
	}

	@Test
	void idleKeptAliveConnectionIsClosedAfterTheNoRequestTimeout() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write("GET /echo/x HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			long start = System.nanoTime();
			assertThat(readUntilClosed(in)).startsWith("HTTP/1.1 200");
			long closedAfterMillis = (System.nanoTime() - start) / 1_000_000;
			assertThat(closedAfterMillis).isBetween(200L, 3000L);
		}
	}

	private static String readUntilClosed(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class EchoApplication {

		@Bean
		ServletRegistrationBean<HttpServlet> echo() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.setContentType("text/plain;charset=UTF-8");
					response.getWriter()
						.print("path=" + request.getServletPath() + request.getPathInfo() + ";v=" + request.getParameter("v"));
				}
			}, "/echo/*");
		}

	}

}
