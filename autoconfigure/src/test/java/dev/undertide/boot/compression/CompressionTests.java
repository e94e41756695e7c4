package dev.undertide.boot.compression;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.compression.*} with Spring Boot's meanings: gzipped when the client accepts it, the
 * response is large enough and of a listed type, and the client is not excluded; otherwise sent as it is. For servlet and reactive applications alike.
 */
class CompressionTests {

	private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void textAtLeastTheMinimumSizeIsGzipped(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack)) {
			HttpResponse<byte[]> response = get(context, "/body?size=10000&type=text/plain", "gzip");
			assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
			assertThat(response.headers().firstValue("Vary")).hasValueSatisfying(
					(vary) -> assertThat(vary).containsIgnoringCase("Accept-Encoding"));
			assertThat(response.body().length).isLessThan(1000);
			byte[] text = new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
			assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo(CompressionApplication.text(10000));
		}
	}

	/** Past the servlet response buffer and many I/O buffers: streamed through the compressor, whole. */
	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void largeTextIsGzippedWhole(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack)) {
			HttpResponse<byte[]> response = get(context, "/body?size=3000000&type=text/plain", "gzip");
			assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
			byte[] text = new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
			assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo(CompressionApplication.text(3000000));
		}
	}

	/** Spring Boot's servers compress with gzip only. */
	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void clientThatOnlyAcceptsDeflateGetsTheResponseAsItIs(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack)) {
			assertUncompressed(get(context, "/body?size=10000&type=application/json", "deflate"), 10000);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void responseBelowTheMinimumSizeIsSentAsItIs(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack, "server.compression.min-response-size=4KB")) {
			assertUncompressed(get(context, "/body?size=4000&type=text/plain", "gzip"), 4000);
			assertThat(get(context, "/body?size=4096&type=text/plain", "gzip").headers().firstValue("Content-Encoding"))
				.hasValue("gzip");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void typeNotListedIsSentAsItIs(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack)) {
			assertUncompressed(get(context, "/body?size=10000&type=image/png", "gzip"), 10000);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void listedTypesReplaceTheDefaults(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack, "server.compression.mime-types=image/*")) {
			assertThat(get(context, "/body?size=10000&type=image/png", "gzip").headers().firstValue("Content-Encoding"))
				.hasValue("gzip");
			assertUncompressed(get(context, "/body?size=10000&type=text/plain", "gzip"), 10000);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void excludedUserAgentGetsTheResponseAsItIs(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack,
				"server.compression.excluded-user-agents=Legacy/.*")) {
			HttpResponse<byte[]> response = CLIENT.send(
					HttpRequest.newBuilder(Http.uri(port(context), "/body?size=10000&type=text/plain"))
						.header("Accept-Encoding", "gzip")
						.header("User-Agent", "Legacy/1.0")
						.build(),
					BodyHandlers.ofByteArray());
			assertUncompressed(response, 10000);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void clientThatAcceptsNoEncodingGetsTheResponseAsItIs(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start(stack)) {
			HttpResponse<byte[]> response = CLIENT.send(
					HttpRequest.newBuilder(Http.uri(port(context), "/body?size=10000&type=text/plain")).build(),
					BodyHandlers.ofByteArray());
			assertUncompressed(response, 10000);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void disabledByDefault(String stack) throws Exception {
		try (ConfigurableApplicationContext context = RunningApplications.start(CompressionApplication.class,
				"spring.main.web-application-type=" + stack, "server.shutdown=immediate")) {
			assertUncompressed(get(context, "/body?size=10000&type=text/plain", "gzip"), 10000);
		}
	}

	private static void assertUncompressed(HttpResponse<byte[]> response, int size) {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(CompressionApplication.text(size));
	}

	private static HttpResponse<byte[]> get(ConfigurableApplicationContext context, String path, String encoding)
			throws Exception {
		return CLIENT.send(
				HttpRequest.newBuilder(Http.uri(port(context), path)).header("Accept-Encoding", encoding).build(),
				BodyHandlers.ofByteArray());
	}

	private static ConfigurableApplicationContext start(String stack, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.web-application-type=" + stack,
				"server.shutdown=immediate", "server.compression.enabled=true"));
		all.addAll(List.of(properties));
		return RunningApplications.start(CompressionApplication.class, all.toArray(String[]::new));
	}

}
