package dev.undertide.boot.limits;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.backpressure.*}: requests beyond the concurrency limit wait in a bounded queue for
 * a bounded time, or are answered 503 with Retry-After; never a hang, never a dropped connection. A servlet
 * application answers with Spring Boot's error JSON, a reactive one in plain text.
 */
class BackpressurePropertiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void requestBeyondTheLimitWithNoQueueGets503WithRetryAfterThenServiceResumes(String stack) throws Exception {
		try (ConfigurableApplicationContext context = start("spring.main.web-application-type=" + stack,
				"server.undertow.backpressure.max-concurrent-requests=2", "server.undertow.backpressure.queue-size=0",
				"server.undertow.backpressure.retry-after=3s")) {
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

	/** Answered by the application's error handling, so with Spring Boot's error JSON and its message. */
	@Test
	void refusedServletRequestGetsSpringBootsErrorJson() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.backpressure.max-concurrent-requests=1",
				"server.undertow.backpressure.queue-size=0", "spring.web.error.include-message=always")) {
			HoldingApplication.hold(1);
			CompletableFuture<HttpResponse<String>> holding = send(context, "/hold");
			assertThat(HoldingApplication.awaitHeld()).isTrue();
			HttpResponse<String> refused = send(context, "/quick").get(5, TimeUnit.SECONDS);
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertThat(JsonPath.<Integer>read(refused.body(), "$.status")).isEqualTo(503);
			assertThat(JsonPath.<String>read(refused.body(), "$.error")).isEqualTo("Service Unavailable");
			assertThat(JsonPath.<String>read(refused.body(), "$.path")).isEqualTo("/quick");
			assertThat(JsonPath.<String>read(refused.body(), "$.message")).contains("at capacity");
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
			HoldingApplication.release();
			assertThat(holding.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void queuedRequestIsServedWhenASlotFrees() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.backpressure.max-concurrent-requests=1",
				"server.undertow.backpressure.queue-size=1", "server.undertow.backpressure.queue-timeout=5s")) {
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
		try (ConfigurableApplicationContext context = start("server.undertow.backpressure.max-concurrent-requests=1",
				"server.undertow.backpressure.queue-size=1", "server.undertow.backpressure.queue-timeout=300ms")) {
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

	private static ConfigurableApplicationContext start(String... properties) {
		String[] all = new String[properties.length + 1];
		all[0] = "server.shutdown=immediate";
		System.arraycopy(properties, 0, all, 1, properties.length);
		return RunningApplications.start(HoldingApplication.class, all);
	}

}
