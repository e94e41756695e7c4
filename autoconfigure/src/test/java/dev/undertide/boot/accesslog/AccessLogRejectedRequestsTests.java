package dev.undertide.boot.accesslog;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused by a limit before or instead of reaching the application are logged with the status
 * they got.
 */
class AccessLogRejectedRequestsTests {

	@TempDir
	Path logs;

	@Test
	void requestRefusedForLackOfASlotIsLoggedWith503() throws Exception {
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.logs,
				"server.shutdown=immediate", "server.undertow.backpressure.max-concurrent-requests=1",
				"server.undertow.backpressure.queue-size=0")) {
			AccessLogApplication.holdNextRequest();
			CompletableFuture<HttpResponse<String>> held = RunningApplications.send(context, "/hold");
			assertThat(AccessLogApplication.arrived.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(Http.get(port(context), "/hello").statusCode()).isEqualTo(503);
			AccessLogApplication.release.countDown();
			assertThat(held.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			// A line is written once its response has gone out, so the client may release /hold first.
			List<String> lines = AccessLogLines.await(this.logs.resolve("access_log.log"), 2);
			assertThat(lines).hasSize(2);
			assertThat(lines).anySatisfy((line) -> assertThat(line).contains("\"GET /hello HTTP/1.1\" 503 "));
			assertThat(lines).anySatisfy((line) -> assertThat(line).contains("\"GET /hold HTTP/1.1\" 200 4"));
		}
	}

	@Test
	void bodyOverMaxHttpPostSizeIsLoggedWith413() throws Exception {
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.logs,
				"server.undertow.max-http-post-size=1KB")) {
			HttpResponse<String> response = Http.send(HttpRequest.newBuilder(Http.uri(port(context), "/upload"))
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048)))
				.build());
			assertThat(response.statusCode()).isEqualTo(413);
			List<String> lines = AccessLogLines.await(this.logs.resolve("access_log.log"), 1);
			assertThat(lines).hasSize(1);
			assertThat(lines.get(0)).contains("\"POST /upload HTTP/1.1\" 413 ");
		}
	}

}
