package dev.undertide.boot.operations;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.health.*}: a server that stays saturated for longer than the grace period is
 * reported not ready, and ready again once the load falls; liveness is never touched. The probes are asked
 * on the management port, served by a second Undertide server, since on the application's port they would
 * wait in the same full queue as everything else.
 */
class SaturationReadinessTests {

	@AfterEach
	void releaseHeldRequests() {
		HoldingApplication.release();
	}

	@Test
	void serverSaturatedLongerThanTheGraceIsNotReadyUntilTheLoadFalls() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.health.saturation-grace=1s")) {
			assertThat(probe(context, "readiness").statusCode()).isEqualTo(200);
			List<CompletableFuture<HttpResponse<String>>> held = saturate(context);
			long saturated = System.nanoTime();
			assertThat(probe(context, "readiness").statusCode()).as("ready within the grace").isEqualTo(200);
			HttpResponse<String> readiness = awaitReadiness(context, 503);
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - saturated)).isGreaterThanOrEqualTo(900);
			assertThat(readiness.body()).contains("\"status\":\"OUT_OF_SERVICE\"");
			assertThat(probe(context, "liveness").statusCode()).isEqualTo(200);
			HoldingApplication.release();
			for (CompletableFuture<HttpResponse<String>> request : held) {
				assertThat(request.get(5, TimeUnit.SECONDS).body()).isEqualTo("held");
			}
			awaitReadiness(context, 200);
			assertThat(probe(context, "liveness").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void serverBelowTheThresholdStaysReady() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.health.saturation-grace=0s",
				"server.undertow.health.saturation-threshold=0.8")) {
			// Both slots and one of the two queue places: 75% of the capacity.
			HoldingApplication.hold(2);
			send(context, "/hold");
			send(context, "/hold");
			send(context, "/hold");
			assertThat(HoldingApplication.awaitHeld()).isTrue();
			Thread.sleep(4 * 250);
			assertThat(probe(context, "readiness").statusCode()).isEqualTo(200);
			HoldingApplication.release();
		}
	}

	@Test
	void serverWithoutALimitIsSaturatedWhenAllItsWorkerThreadsAreBusy() throws Exception {
		try (ConfigurableApplicationContext context = RunningApplications.start(HoldingApplication.class,
				"server.shutdown=immediate", "management.server.port=0", "server.undertow.worker.type=platform",
				"server.undertow.threads.worker=2", "server.undertow.health.saturation-grace=0s")) {
			HoldingApplication.hold(2);
			send(context, "/hold");
			send(context, "/hold");
			assertThat(HoldingApplication.awaitHeld()).isTrue();
			awaitReadiness(context, 503);
			HoldingApplication.release();
			awaitReadiness(context, 200);
		}
	}

	@Test
	void readinessRefusedByTheApplicationIsNotUndone() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.health.saturation-grace=0s")) {
			saturate(context);
			awaitReadiness(context, 503);
			AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
			HoldingApplication.release();
			Thread.sleep(4 * 250);
			assertThat(probe(context, "readiness").statusCode()).isEqualTo(503);
		}
	}

	/** Holds two requests in the two slots and two in the queue: all of the capacity. */
	private static List<CompletableFuture<HttpResponse<String>>> saturate(ConfigurableApplicationContext context)
			throws InterruptedException {
		HoldingApplication.hold(2);
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			held.add(send(context, "/hold"));
		}
		assertThat(HoldingApplication.awaitHeld()).isTrue();
		UndertideWebServer webServer = UndertideWebServer.of(context);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (webServer.getServer().getStatistics().requests().queued() < 2) {
			assertThat(System.nanoTime()).as("waited 5 s for two queued requests").isLessThan(deadline);
			Thread.sleep(10);
		}
		return held;
	}

	private static HttpResponse<String> awaitReadiness(ConfigurableApplicationContext context, int status)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		HttpResponse<String> readiness = probe(context, "readiness");
		while (readiness.statusCode() != status) {
			assertThat(System.nanoTime()).as("waited 5 s for readiness " + status).isLessThan(deadline);
			Thread.sleep(50);
			readiness = probe(context, "readiness");
		}
		return readiness;
	}

	private static HttpResponse<String> probe(ConfigurableApplicationContext context, String probe) {
		int managementPort = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
		return Http.get(managementPort, "/actuator/health/" + probe);
	}

	private static ConfigurableApplicationContext start(String... properties) {
		String[] all = new String[properties.length + 5];
		all[0] = "server.shutdown=immediate";
		all[1] = "management.server.port=0";
		all[2] = "server.undertow.backpressure.max-concurrent-requests=2";
		all[3] = "server.undertow.backpressure.queue-size=2";
		all[4] = "server.undertow.backpressure.queue-timeout=10s";
		System.arraycopy(properties, 0, all, 5, properties.length);
		return RunningApplications.start(HoldingApplication.class, all);
	}

}
