package dev.undertide.boot.limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.RunningApplications;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.timeouts.read}: a request body that stops arriving while the application waits for
 * it closes the connection; a slow but steady body, or an application slow to read, is never cut off. For a
 * blocking servlet read and a reactive body alike.
 */
class ReadTimeoutPropertiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void bodyThatStopsArrivingClosesTheConnectionAfterTheTimeout(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack);
				Socket socket = new Socket("127.0.0.1", port(context))) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(head(1000));
			out.write(new byte[10]);
			out.flush();
			long start = System.nanoTime();
			InputStream in = socket.getInputStream();
			// Closed without an answer: the client is not sending, so it would not be reading one either.
			assertThat(readToEndOrReset(in)).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400),
					Duration.ofSeconds(3));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void bodyArrivingSlowlyButSteadilyIsReadWhole(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack);
				Socket socket = new Socket("127.0.0.1", port(context))) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(head(6));
			for (int i = 0; i < 6; i++) {
				Thread.sleep(200);
				out.write('x');
				out.flush();
			}
			Http.RawResponse response = Http.RawResponse.parse(readResponse(socket.getInputStream()));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("6");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void applicationSlowToReadIsNotTimedOut(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack);
				Socket socket = new Socket("127.0.0.1", port(context))) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /upload?pauseMillis=1500 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n"
					+ "Connection: close\r\n\r\nabc").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			Http.RawResponse response = Http.RawResponse.parse(readResponse(socket.getInputStream()));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("3");
		}
	}

	private static byte[] head(int contentLength) {
		return ("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + contentLength
				+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] readResponse(InputStream in) throws IOException {
		return in.readAllBytes();
	}

	private static byte[] readToEndOrReset(InputStream in) {
		try {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			assertThat(ex).hasMessageContaining("reset");
			return new byte[0];
		}
	}

	private static ConfigurableApplicationContext start(String stack) {
		List<String> properties = new ArrayList<>(List.of("spring.main.web-application-type=" + stack,
				"server.shutdown=immediate", "server.undertow.timeouts.read=500ms"));
		return RunningApplications.start(ReadTimeoutApplication.class, properties.toArray(String[]::new));
	}

	/** {@code POST /upload?pauseMillis=N}: waits, then reads the body and answers with its length. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReadTimeoutApplication {

		@RestController
		@ConditionalOnWebApplication(type = Type.SERVLET)
		static class ServletUpload {

			@PostMapping("/upload")
			String upload(HttpServletRequest request, @RequestParam(defaultValue = "0") long pauseMillis)
					throws Exception {
				Thread.sleep(pauseMillis);
				return Integer.toString(request.getInputStream().readAllBytes().length);
			}

		}

		@Bean
		@ConditionalOnWebApplication(type = Type.REACTIVE)
		RouterFunction<ServerResponse> reactiveUpload() {
			return RouterFunctions.route().POST("/upload", (request) -> {
				long pauseMillis = Long.parseLong(request.queryParam("pauseMillis").orElse("0"));
				Mono<Long> length = request.bodyToFlux(DataBuffer.class).map((buffer) -> {
					long bytes = buffer.readableByteCount();
					DataBufferUtils.release(buffer);
					return bytes;
				}).reduce(0L, Long::sum);
				return Mono.delay(Duration.ofMillis(pauseMillis))
					.then(length)
					.flatMap((bytes) -> ServerResponse.ok().bodyValue(Long.toString(bytes)));
			}).build();
		}

	}

}
