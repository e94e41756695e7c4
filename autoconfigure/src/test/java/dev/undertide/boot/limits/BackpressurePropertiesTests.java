package dev.undertide.boot.limits;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.backpressure.*}: requests beyond the concurrency limit wait in a bounded queue for
 * a bounded time, or are answered 503 with Retry-After; never a hang, never a dropped connection.
 */
class BackpressurePropertiesTests {

	@Test
	void requestBeyondTheLimitWithNoQueueGets503WithRetryAfterThenServiceResumes() throws Exception {
		try (ConfigurableApplicationContext context = start("max-concurrent-requests=2", "queue-size=0",
				"retry-after=3s")) {
			HoldingApplication.hold(2);
			CompletableFuture<HttpResponse<String>> first = send(context, "/hold");
			CompletableFuture<HttpResponse<String>> second = send(context, "/hold");
			assertThat(HoldingApplication.awaitHeld()).isTrue();
			HttpResponse<String> third = send(context, "/quick").get(5, TimeUnit.SECONDS);
			assertThat(third.statusCode()).isEqualTo(503);
			assertThat(third.headers().firstValue("Retry-After")).hasValue("3");
			HoldingApplication.release();
			assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(second.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(send(context, "/quick").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void queuedRequestIsServedWhenASlotFrees() throws Exception {
		try (ConfigurableApplicationContext context = start("max-concurrent-requests=1", "queue-size=1",
				"queue-timeout=5s")) {
			HoldingApplication.hold(1);
			CompletableFuture<HttpResponse<String>> holding = send(context, "/hold");
			assertThat(HoldingApplication.awaitHeld()).isTrue();
			CompletableFuture<HttpResponse<String>> queued = send(context, "/quick");
			Thread.sleep(300);
			assertThat(queued).isNotDone();
			HoldingApplication.release();
			assertThat(holding.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(queued.get(5, TimeUnit.SECONDS).body()).isEqualTo("quick");
		}
	}

	@Test
	void queuedRequestWaitingLongerThanTheQueueTimeoutGets503() throws Exception {
		try (ConfigurableApplicationContext context = start("max-concurrent-requests=1", "queue-size=1",
				"queue-timeout=300ms")) {
			HoldingApplication.hold(1);
			send(context, "/hold");
			assertThat(HoldingApplication.awaitHeld()).isTrue();
			long start = System.nanoTime();
			HttpResponse<String> queued = send(context, "/quick").get(5, TimeUnit.SECONDS);
			assertThat(queued.statusCode()).isEqualTo(503);
			assertThat(queued.headers().firstValue("Retry-After")).isPresent();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(200L, 3000L);
			HoldingApplication.release();
		}
	}

	private static ConfigurableApplicationContext start(String... backpressure) {
		String[] properties = new String[backpressure.length + 1];
		properties[0] = "server.shutdown=immediate";
		for (int i = 0; i < backpressure.length; i++) {
			properties[i + 1] = "server.undertow.backpressure." + backpressure[i];
		}
		return RunningApplications.start(HoldingApplication.class, properties);
	}

}
