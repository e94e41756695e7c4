package dev.undertide.boot.operations;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static dev.undertide.boot.support.RunningApplications.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code undertide.*} meters, read through {@code /actuator/metrics} of a running application, beside
 * Spring Boot's own {@code http.server.requests}. One application serves every test, so counts are compared
 * before and after.
 */
class UndertideMetricsTests {

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = RunningApplications.start(HoldingApplication.class, "server.shutdown=immediate",
				"management.endpoints.web.exposure.include=health,metrics", "server.undertow.threads.io=2",
				"server.undertow.threads.worker=5", "server.undertow.backpressure.max-concurrent-requests=1",
				"server.undertow.backpressure.queue-size=0", "server.undertow.timeouts.request-header=500ms");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@AfterEach
	void releaseHeldRequests() {
		HoldingApplication.release();
	}

	@Test
	void metricsListTheUndertideMetersBesideHttpServerRequests() {
		assertThat(Http.get(port(context), "/quick").statusCode()).isEqualTo(200);
		List<String> names = JsonPath.read(metrics(""), "$.names");
		assertThat(names).contains("undertide.connections.active", "undertide.connections.accepted",
				"undertide.requests.active", "undertide.requests.queued", "undertide.requests.rejected",
				"undertide.bytes.read", "undertide.bytes.written", "undertide.threads.worker.size",
				"undertide.threads.worker.max", "undertide.threads.worker.active", "undertide.threads.worker.queued",
				"undertide.threads.io", "undertide.timeouts", "undertide.server.draining", "http.server.requests");
		assertThat(value("http.server.requests", "COUNT")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void metersDescribeTheServer() {
		assertThat(value("undertide.threads.io", "VALUE")).isEqualTo(2);
		assertThat(value("undertide.threads.worker.max", "VALUE")).isEqualTo(5);
		assertThat(value("undertide.server.draining", "VALUE")).isZero();
		// The metrics request itself is the one in flight, on one connection at least.
		assertThat(value("undertide.requests.active", "VALUE")).isEqualTo(1);
		assertThat(value("undertide.connections.active", "VALUE")).isGreaterThanOrEqualTo(1);
		assertThat(value("undertide.connections.accepted", "COUNT")).isGreaterThanOrEqualTo(1);
		assertThat(baseUnit("undertide.bytes.written")).isEqualTo("bytes");
		assertThat(baseUnit("undertide.connections.active")).isEqualTo("connections");
	}

	@Test
	void bytesReadAndWrittenGrowWithTraffic() {
		double read = value("undertide.bytes.read", "COUNT");
		double written = value("undertide.bytes.written", "COUNT");
		assertThat(Http.get(port(context), "/quick").body()).isEqualTo("quick");
		assertThat(value("undertide.bytes.read", "COUNT")).isGreaterThan(read);
		assertThat(value("undertide.bytes.written", "COUNT")).isGreaterThan(written);
	}

	@Test
	void requestRefusedForAFullQueueIsCountedByReason() throws Exception {
		double queueFull = value("undertide.requests.rejected?tag=reason:queue-full", "COUNT");
		double queueTimeout = value("undertide.requests.rejected?tag=reason:queue-timeout", "COUNT");
		HoldingApplication.hold(1);
		CompletableFuture<HttpResponse<String>> held = send(context, "/hold");
		assertThat(HoldingApplication.awaitHeld()).isTrue();
		assertThat(Http.get(port(context), "/quick").statusCode()).isEqualTo(503);
		HoldingApplication.release();
		assertThat(held.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(value("undertide.requests.rejected?tag=reason:queue-full", "COUNT")).isEqualTo(queueFull + 1);
		assertThat(value("undertide.requests.rejected?tag=reason:queue-timeout", "COUNT")).isEqualTo(queueTimeout);
	}

	@Test
	void connectionGivenUpByATimeoutIsCountedByKind() throws Exception {
		double requestHeader = value("undertide.timeouts?tag=kind:request-header", "COUNT");
		double read = value("undertide.timeouts?tag=kind:read", "COUNT");
		double write = value("undertide.timeouts?tag=kind:write", "COUNT");
		try (Socket slow = new Socket("127.0.0.1", port(context))) {
			slow.setSoTimeout(10_000);
			slow.getOutputStream()
				.write("GET /quick HTTP/1.1\r\nHost: test\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
			assertThat(slow.getInputStream().read()).isEqualTo(-1);
		}
		assertThat(value("undertide.timeouts?tag=kind:request-header", "COUNT")).isEqualTo(requestHeader + 1);
		assertThat(value("undertide.timeouts?tag=kind:read", "COUNT")).isEqualTo(read);
		assertThat(value("undertide.timeouts?tag=kind:write", "COUNT")).isEqualTo(write);
		assertThat(baseUnit("undertide.timeouts")).isEqualTo("connections");
	}

	private static double value(String meter, String statistic) {
		List<Number> values = JsonPath.read(metrics("/" + meter),
				"$.measurements[?(@.statistic == '" + statistic + "')].value");
		assertThat(values).as(meter + " " + statistic).hasSize(1);
		return values.get(0).doubleValue();
	}

	private static String baseUnit(String meter) {
		return JsonPath.read(metrics("/" + meter), "$.baseUnit");
	}

	private static String metrics(String path) {
		HttpResponse<String> response = Http.get(port(context), "/actuator/metrics" + path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

}
