package dev.undertide.boot.limits;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.support.RunningApplications;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static dev.undertide.boot.support.RunningApplications.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.backpressure.*}: requests beyond the concurrency limit wait in a bounded queue for
 * a bounded time, or are answered 503 with Retry-After; never a hang, never a dropped connection.
 */
class BackpressurePropertiesTests {

	static CountDownLatch arrived = new CountDownLatch(0);

	static CountDownLatch release = new CountDownLatch(0);

	@Test
	void requestBeyondTheLimitWithNoQueueGets503WithRetryAfterThenServiceResumes() throws Exception {
		try (ConfigurableApplicationContext context = start("max-concurrent-requests=2", "queue-size=0",
				"retry-after=3s")) {
			hold(2);
			CompletableFuture<HttpResponse<String>> first = send(context, "/hold");
			CompletableFuture<HttpResponse<String>> second = send(context, "/hold");
			assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
			HttpResponse<String> third = send(context, "/quick").get(5, TimeUnit.SECONDS);
			assertThat(third.statusCode()).isEqualTo(503);
			assertThat(third.headers().firstValue("Retry-After")).hasValue("3");
			release.countDown();
			assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(second.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(send(context, "/quick").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void queuedRequestIsServedWhenASlotFrees() throws Exception {
		try (ConfigurableApplicationContext context = start("max-concurrent-requests=1", "queue-size=1",
				"queue-timeout=5s")) {
			hold(1);
			CompletableFuture<HttpResponse<String>> holding = send(context, "/hold");
			assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<HttpResponse<String>> queued = send(context, "/quick");
			Thread.sleep(300);
			assertThat(queued).isNotDone();
			release.countDown();
			assertThat(holding.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(queued.get(5, TimeUnit.SECONDS).body()).isEqualTo("quick");
		}
	}

	@Test
	void queuedRequestWaitingLongerThanTheQueueTimeoutGets503() throws Exception {
		try (ConfigurableApplicationContext context = start("max-concurrent-requests=1", "queue-size=1",
				"queue-timeout=300ms")) {
			hold(1);
			send(context, "/hold");
			assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
			long start = System.nanoTime();
			HttpResponse<String> queued = send(context, "/quick").get(5, TimeUnit.SECONDS);
			assertThat(queued.statusCode()).isEqualTo(503);
			assertThat(queued.headers().firstValue("Retry-After")).isPresent();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(200L, 3000L);
			release.countDown();
		}
	}

	private static void hold(int requests) {
		arrived = new CountDownLatch(requests);
		release = new CountDownLatch(1);
	}

	private static ConfigurableApplicationContext start(String... backpressure) {
		String[] properties = new String[backpressure.length + 1];
		properties[0] = "server.shutdown=immediate";
		for (int i = 0; i < backpressure.length; i++) {
			properties[i + 1] = "server.undertow.backpressure." + backpressure[i];
		}
		return RunningApplications.start(HoldApplication.class, properties);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HoldApplication {

		@Bean
		ServletRegistrationBean<HttpServlet> holdServlet() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					arrived.countDown();
					try {
						release.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					response.getWriter().print("held");
				}
			}, "/hold");
		}

		@Bean
		ServletRegistrationBean<HttpServlet> quickServlet() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().print("quick");
				}
			}, "/quick");
		}

	}

}
