package dev.undertide.boot.operations;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static dev.undertide.boot.support.RunningApplications.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, readiness under saturation and metrics of a reactive application: the same contributors and meters
 * as for a servlet one, with the I/O threads running the handlers.
 */
class ReactiveOperationsTests {

	@AfterEach
	void releaseHeldRequests() {
		HoldingApplication.release();
	}

	@Test
	void healthShowsTheServerUpWithTheRequestsItIsHandling() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.threads.io=2")) {
			HoldingApplication.hold(1);
			CompletableFuture<HttpResponse<String>> held = send(context, "/hold");
			assertThat(HoldingApplication.awaitHeld()).isTrue();
			HttpResponse<String> health = Http.get(port(context), "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(JsonPath.<String>read(health.body(), "$.components.webServer.status")).isEqualTo("UP");
			// The held request and the health request itself.
			assertThat(number(health.body(), "$.components.webServer.details.requests.active")).isEqualTo(2);
			assertThat(number(health.body(), "$.components.webServer.details.ioThreads")).isEqualTo(2);
			HoldingApplication.release();
			assertThat(held.get(5, TimeUnit.SECONDS).body()).isEqualTo("held");
		}
	}

	@Test
	void metricsListTheUndertideMetersBesideHttpServerRequests() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(Http.get(port(context), "/quick").body()).isEqualTo("quick");
			HttpResponse<String> metrics = Http.get(port(context), "/actuator/metrics");
			assertThat(metrics.statusCode()).isEqualTo(200);
			List<String> names = JsonPath.read(metrics.body(), "$.names");
			assertThat(names).contains("undertide.requests.active", "undertide.requests.rejected",
					"undertide.connections.accepted", "undertide.bytes.written", "undertide.threads.io",
					"http.server.requests");
		}
	}

	@Test
	void saturatedServerIsNotReadyUntilTheLoadFalls() throws Exception {
		try (ConfigurableApplicationContext context = start("management.server.port=0",
				"server.undertow.backpressure.max-concurrent-requests=1", "server.undertow.backpressure.queue-size=1",
				"server.undertow.backpressure.queue-timeout=10s", "server.undertow.health.saturation-grace=0s")) {
			HoldingApplication.hold(1);
			List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
			held.add(send(context, "/hold"));
			held.add(send(context, "/hold"));
			assertThat(HoldingApplication.awaitHeld()).isTrue();
			awaitReadiness(context, 503);
			HoldingApplication.release();
			for (CompletableFuture<HttpResponse<String>> request : held) {
				assertThat(request.get(5, TimeUnit.SECONDS).body()).isEqualTo("held");
			}
			awaitReadiness(context, 200);
		}
	}

	private static void awaitReadiness(ConfigurableApplicationContext context, int status)
			throws InterruptedException {
		int managementPort = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (Http.get(managementPort, "/actuator/health/readiness").statusCode() != status) {
			assertThat(System.nanoTime()).as("waited 5 s for readiness " + status).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static long number(String json, String path) {
		return JsonPath.<Number>read(json, path).longValue();
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.web-application-type=reactive",
				"server.shutdown=immediate", "management.endpoints.web.exposure.include=health,metrics",
				"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true",
				RunningApplications.WITHOUT_TOMCAT_MANAGEMENT_CONTEXTS));
		all.addAll(List.of(properties));
		return RunningApplications.start(HoldingApplication.class, all.toArray(String[]::new));
	}

}
