package dev.undertide.boot.shutdown;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static dev.undertide.boot.shutdown.Shutdowns.assertConnectionRefused;
import static dev.undertide.boot.shutdown.Shutdowns.await;
import static dev.undertide.boot.shutdown.Shutdowns.awaitDraining;
import static dev.undertide.boot.shutdown.Shutdowns.closeInBackground;
import static dev.undertide.boot.shutdown.Shutdowns.readToTheEnd;
import static dev.undertide.boot.shutdown.Shutdowns.readUntil;
import static dev.undertide.boot.shutdown.Shutdowns.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.shutdown=graceful} in a Spring MVC application, closed as its shutdown hook closes it: the
 * requests in flight are served, those still waiting for a thread or a slot included, streams are ended
 * when {@code spring.lifecycle.timeout-per-shutdown-phase} runs out, and the application's own shutdown
 * hooks run after the last request.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownServletApplicationTests {

	private ConfigurableApplicationContext context;

	@BeforeEach
	void reset() {
		ShutdownApplication.reset();
	}

	@AfterEach
	void close() {
		HoldingApplication.release();
		ShutdownApplication.release.countDown();
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void fiftyRequestsInFlightCompleteWith200WhileNewConnectionsAreRefused(CapturedOutput output) throws Exception {
		// A thread for each held request, so that all fifty are in the application at once.
		start(HoldingApplication.class, "server.undertow.threads.worker=60");
		UndertideWebServer webServer = UndertideWebServer.of(this.context);
		int port = webServer.getPort();
		HoldingApplication.hold(50);
		List<CompletableFuture<HttpResponse<String>>> inFlight = send(port, "/hold", 50);
		assertThat(HoldingApplication.awaitHeld()).isTrue();
		CompletableFuture<Void> closed = closeInBackground(this.context);
		awaitDraining(webServer);
		assertConnectionRefused(port);
		assertThat(closed).isNotDone();
		HoldingApplication.release();
		for (CompletableFuture<HttpResponse<String>> request : inFlight) {
			HttpResponse<String> response = request.get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("held");
		}
		closed.get(10, TimeUnit.SECONDS);
		assertThat(output).contains(Shutdowns.REPORTED_IDLE).doesNotContain(Shutdowns.REPORTED_REQUESTS_ACTIVE);
	}

	@Test
	void requestWaitingForAWorkerThreadWhenShutdownStartsIsServed() throws Exception {
		start(HoldingApplication.class, "server.undertow.threads.worker=1");
		UndertideWebServer webServer = UndertideWebServer.of(this.context);
		int port = webServer.getPort();
		HoldingApplication.hold(1);
		CompletableFuture<HttpResponse<String>> holding = send(port, "/hold");
		assertThat(HoldingApplication.awaitHeld()).isTrue();
		// Received, but the one worker thread is taken.
		CompletableFuture<HttpResponse<String>> waiting = send(port, "/quick");
		await("the second request to arrive", () -> webServer.getServer().getInFlightRequests() == 2);
		CompletableFuture<Void> closed = closeInBackground(this.context);
		awaitDraining(webServer);
		HoldingApplication.release();
		assertThat(holding.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		HttpResponse<String> response = waiting.get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("quick");
		closed.get(10, TimeUnit.SECONDS);
	}

	@Test
	void requestsQueuedForAConcurrencySlotWhenShutdownStartsAreServed() throws Exception {
		start(HoldingApplication.class, "server.undertow.backpressure.max-concurrent-requests=1",
				"server.undertow.backpressure.queue-size=10");
		UndertideWebServer webServer = UndertideWebServer.of(this.context);
		int port = webServer.getPort();
		HoldingApplication.hold(1);
		CompletableFuture<HttpResponse<String>> holding = send(port, "/hold");
		assertThat(HoldingApplication.awaitHeld()).isTrue();
		List<CompletableFuture<HttpResponse<String>>> queued = send(port, "/quick", 3);
		await("three queued requests", () -> webServer.getServer().getStatistics().requests().queued() == 3);
		CompletableFuture<Void> closed = closeInBackground(this.context);
		awaitDraining(webServer);
		HoldingApplication.release();
		assertThat(holding.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		for (CompletableFuture<HttpResponse<String>> request : queued) {
			HttpResponse<String> response = request.get(10, TimeUnit.SECONDS);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("quick");
		}
		closed.get(10, TimeUnit.SECONDS);
	}

	@Test
	void streamLongerThanTheShutdownTimeoutIsEndedWhenItRunsOutAndReportedActive(CapturedOutput output)
			throws Exception {
		start(ShutdownApplication.class, "spring.lifecycle.timeout-per-shutdown-phase=1s");
		try (Socket stream = new Socket("127.0.0.1", UndertideWebServer.of(this.context).getPort())) {
			stream.setSoTimeout(10_000);
			stream.getOutputStream()
				.write("GET /stream HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = stream.getInputStream();
			StringBuilder received = new StringBuilder();
			readUntil(in, received, "data:tick 0");
			long closeStarted = System.nanoTime();
			CompletableFuture<Void> closed = closeInBackground(this.context);
			readToTheEnd(in, received);
			long streamedFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStarted);
			// The stream went on until the timeout ran out, then was cut, not passed off as complete.
			assertThat(streamedFor).isGreaterThanOrEqualTo(900);
			assertThat(received.toString()).contains("data:tick 5").doesNotEndWith("0\r\n\r\n");
			closed.get(10, TimeUnit.SECONDS);
			assertThat(output).contains(Shutdowns.REPORTED_REQUESTS_ACTIVE);
		}
	}

	/**
	 * A stream with nothing to send when the timeout runs out: the stop cuts it, and the application still
	 * hears of it, though the worker pool takes no more work by then.
	 */
	@Test
	void idleStreamCutByTheStopIsCompletedForTheApplication() throws Exception {
		start(ShutdownApplication.class, "spring.lifecycle.timeout-per-shutdown-phase=1s");
		try (Socket stream = new Socket("127.0.0.1", UndertideWebServer.of(this.context).getPort())) {
			stream.setSoTimeout(10_000);
			stream.getOutputStream()
				.write("GET /idle HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			readUntil(stream.getInputStream(), new StringBuilder(), "\r\n\r\n");
			closeInBackground(this.context).get(10, TimeUnit.SECONDS);
			await("the application to hear its stream ended",
					() -> ShutdownApplication.events.contains("idle stream completed"));
		}
	}

	@Test
	void preDestroyRunsOnlyAfterTheLastRequestFinished() throws Exception {
		start(ShutdownApplication.class);
		UndertideWebServer webServer = UndertideWebServer.of(this.context);
		CompletableFuture<HttpResponse<String>> slow = send(webServer.getPort(), "/slow");
		assertThat(ShutdownApplication.arrived.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> closed = closeInBackground(this.context);
		awaitDraining(webServer);
		assertThat(ShutdownApplication.events).isEmpty();
		ShutdownApplication.release.countDown();
		assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("finished");
		closed.get(10, TimeUnit.SECONDS);
		assertThat(ShutdownApplication.events).containsExactly("request finished", "preDestroy");
	}

	private void start(Class<?> application, String... properties) {
		String[] all = new String[properties.length + 1];
		all[0] = "server.shutdown=graceful";
		System.arraycopy(properties, 0, all, 1, properties.length);
		this.context = RunningApplications.start(application, all);
	}

	/**
	 * {@code /stream}, a server-sent event every 100 ms with no end; {@code /idle}, a stream that sends
	 * nothing; {@code /slow}, held until the test releases it; and a bean that records its {@code @PreDestroy}.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ShutdownApplication.ShutdownController.class)
	static class ShutdownApplication {

		static final List<String> events = new CopyOnWriteArrayList<>();

		static volatile CountDownLatch arrived;

		static volatile CountDownLatch release;

		static void reset() {
			events.clear();
			arrived = new CountDownLatch(1);
			release = new CountDownLatch(1);
		}

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@RestController
		static class ShutdownController {

			private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "ticker");
				thread.setDaemon(true);
				return thread;
			});

			@GetMapping("/stream")
			SseEmitter stream() {
				SseEmitter emitter = new SseEmitter(60_000L);
				AtomicLong ticks = new AtomicLong();
				this.ticker.scheduleAtFixedRate(() -> {
					try {
						emitter.send("tick " + ticks.getAndIncrement());
					}
					catch (IOException | IllegalStateException ex) {
						// Cancels the ticks: the client or the server is gone.
						throw new IllegalStateException(ex);
					}
				}, 0, 100, TimeUnit.MILLISECONDS);
				return emitter;
			}

			/** Sends its head and then nothing; tells when it ends. */
			@GetMapping("/idle")
			SseEmitter idle() throws IOException {
				SseEmitter emitter = new SseEmitter(60_000L);
				emitter.onCompletion(() -> events.add("idle stream completed"));
				emitter.send(SseEmitter.event().comment("open"));
				return emitter;
			}

			@GetMapping("/slow")
			String slow() throws InterruptedException {
				arrived.countDown();
				release.await(10, TimeUnit.SECONDS);
				events.add("request finished");
				return "finished";
			}

			@PreDestroy
			void stopTicking() {
				this.ticker.shutdownNow();
			}

		}

		static class Recorder {

			@PreDestroy
			void destroyed() {
				events.add("preDestroy");
			}

		}

	}

}
