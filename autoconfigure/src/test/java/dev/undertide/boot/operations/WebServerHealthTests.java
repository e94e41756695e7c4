package dev.undertide.boot.operations;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.health.UndertideWebServerHealthIndicator;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import dev.undertide.server.ServerStatistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static dev.undertide.boot.support.RunningApplications.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code webServer} health component: {@code UP} while the server accepts connections,
 * {@code OUT_OF_SERVICE} once a graceful shutdown started, {@code DOWN} when stopped, with what the server
 * is doing as details.
 */
class WebServerHealthTests {

	@AfterEach
	void releaseHeldRequests() {
		HoldingApplication.release();
	}

	@Test
	void acceptingServerIsUpWithWhatItIsDoing() throws Exception {
		try (ConfigurableApplicationContext context = start("server.shutdown=immediate",
				"server.undertow.threads.io=2", "server.undertow.threads.worker=6")) {
			HoldingApplication.hold(1);
			CompletableFuture<HttpResponse<String>> held = send(context, "/hold");
			assertThat(HoldingApplication.awaitHeld()).isTrue();
			HttpResponse<String> health = Http.get(port(context), "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			String body = health.body();
			assertThat(read(body, "$.components.webServer.status")).isEqualTo("UP");
			// The held request and the health request itself.
			assertThat(number(body, "$.components.webServer.details.requests.active")).isEqualTo(2);
			assertThat(number(body, "$.components.webServer.details.requests.queued")).isZero();
			assertThat(number(body, "$.components.webServer.details.requests.rejected")).isZero();
			assertThat(number(body, "$.components.webServer.details.connections.active")).isGreaterThanOrEqualTo(2);
			assertThat(number(body, "$.components.webServer.details.connections.accepted")).isGreaterThanOrEqualTo(2);
			assertThat(number(body, "$.components.webServer.details.workerThreads.busy")).isEqualTo(2);
			assertThat(number(body, "$.components.webServer.details.workerThreads.max")).isEqualTo(6);
			assertThat(number(body, "$.components.webServer.details.ioThreads")).isEqualTo(2);
			HoldingApplication.release();
			assertThat(held.get(5, TimeUnit.SECONDS).body()).isEqualTo("held");
		}
	}

	@Test
	void serverDrainingForAGracefulShutdownIsOutOfService() throws Exception {
		ConfigurableApplicationContext context = start("server.shutdown=graceful");
		UndertideWebServer webServer = UndertideWebServer.of(context);
		HoldingApplication.hold(1);
		CompletableFuture<HttpResponse<String>> held = send(context, "/hold");
		assertThat(HoldingApplication.awaitHeld()).isTrue();
		try (Socket keptOpen = new Socket("127.0.0.1", port(context))) {
			keptOpen.setSoTimeout(5000);
			awaitState(() -> webServer.getServer().getStatistics().connections().active() == 2);
			Thread closing = new Thread(context::close);
			closing.start();
			awaitState(() -> webServer.getServer().getStatistics().state() == ServerStatistics.State.DRAINING);
			OutputStream out = keptOpen.getOutputStream();
			out.write("GET /actuator/health HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			Http.RawResponse health = Http.RawResponse.parse(keptOpen.getInputStream().readAllBytes());
			assertThat(health.status()).isEqualTo(503);
			assertThat(read(health.body(), "$.components.webServer.status")).isEqualTo("OUT_OF_SERVICE");
			HoldingApplication.release();
			assertThat(held.get(5, TimeUnit.SECONDS).body()).isEqualTo("held");
			closing.join(10_000);
		}
	}

	@Test
	void stoppedServerIsDown() throws Exception {
		try (ConfigurableApplicationContext context = start("server.shutdown=immediate")) {
			UndertideWebServerHealthIndicator indicator = context.getBean(UndertideWebServerHealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			UndertideWebServer.of(context).stop();
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		String[] all = new String[properties.length + 1];
		all[0] = "management.endpoint.health.show-details=always";
		System.arraycopy(properties, 0, all, 1, properties.length);
		return RunningApplications.start(HoldingApplication.class, all);
	}

	private static void awaitState(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 5 s for the server").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private static String read(String json, String path) {
		return JsonPath.read(json, path);
	}

	private static long number(String json, String path) {
		return JsonPath.<Number>read(json, path).longValue();
	}

}
