package dev.undertide.boot.shutdown;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.undertide.boot.shutdown.Shutdowns.await;
import static dev.undertide.boot.shutdown.Shutdowns.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.shutdown=immediate}, and any stop with requests still in flight: the stop returns at once,
 * the bytes already flushed still reach the client, and the server can be started again with nothing left
 * over from the requests the stop cut.
 */
class ImmediateShutdownTests {

	/** Flushed before the test stops the server; more follows until the connection is gone. */
	private static final int FLUSHED = 64 * 1024;

	private static final int CHUNK = 8 * 1024;

	/** Declared, so a cut body cannot pass for a complete one; never reached. */
	private static final long CONTENT_LENGTH = 1L << 30;

	private static volatile CountDownLatch flushed;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void reset() {
		flushed = new CountDownLatch(1);
	}

	@AfterEach
	void close() {
		HoldingApplication.release();
		if (this.context != null) {
			this.context.close();
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void bytesFlushedBeforeAnImmediateStopReachTheClient(Stack stack) throws Exception {
		start(stack.bigApplication, stack);
		try (Socket client = requestBigResponse()) {
			assertThat(flushed.await(5, TimeUnit.SECONDS)).isTrue();
			// The client has read nothing yet: what was flushed sits in the socket buffers as the server stops.
			this.context.close();
			byte[] received = readUntilClosed(client.getInputStream());
			String head = headOf(received);
			assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Length: " + CONTENT_LENGTH);
			long bodyLength = received.length - head.length();
			assertThat(bodyLength).isGreaterThanOrEqualTo(FLUSHED).isLessThan(CONTENT_LENGTH);
			assertPatternFrom(received, head.length());
		}
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void stopWithAResponseInProgressReturnsPromptlyAndTheServerStartsAgain(Stack stack) throws Exception {
		start(stack.bigApplication, stack);
		UndertideWebServer webServer = UndertideWebServer.of(this.context);
		try (Socket client = requestBigResponse()) {
			assertThat(flushed.await(5, TimeUnit.SECONDS)).isTrue();
			long stopStarted = System.nanoTime();
			webServer.stop();
			// Well within the 5 s the worker pool would be given: the write blocked on the client was released.
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStarted)).isLessThan(4000);
		}
		webServer.start();
		HttpResponse<String> response = send(webServer.getPort(), "/quick").get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("quick");
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void serverStoppedWithRequestsHoldingAndQueuedForSlotsServesAgainWhenStarted(Stack stack) throws Exception {
		start(HoldingApplication.class, stack, "server.undertow.backpressure.max-concurrent-requests=1",
				"server.undertow.backpressure.queue-size=10", "server.undertow.backpressure.queue-timeout=2s");
		UndertideWebServer webServer = UndertideWebServer.of(this.context);
		HoldingApplication.hold(1);
		send(webServer.getPort(), "/hold");
		assertThat(HoldingApplication.awaitHeld()).isTrue();
		List<CompletableFuture<HttpResponse<String>>> queued = send(webServer.getPort(), "/quick", 2);
		await("two queued requests", () -> webServer.getServer().getStatistics().requests().queued() == 2);
		stop(webServer, stack);
		// Each ends: cut by the stop, or served if the held request's slot passed to it as the stop began.
		for (CompletableFuture<HttpResponse<String>> request : queued) {
			assertThat(request.handle((response, failure) -> true)).succeedsWithin(10, TimeUnit.SECONDS);
		}
		webServer.start();
		// The slot and the queue places of the requests the stop cut are free again.
		HttpResponse<String> response = send(webServer.getPort(), "/quick").get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("quick");
		assertThat(webServer.getServer().getStatistics().requests().queued()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void serverStoppedWithARequestHeldStartsAgainWithNoneInFlight(Stack stack) throws Exception {
		// As when a graceful shutdown ran out of time; the stop is the same.
		start(HoldingApplication.class, stack, "server.shutdown=graceful");
		UndertideWebServer webServer = UndertideWebServer.of(this.context);
		HoldingApplication.hold(1);
		send(webServer.getPort(), "/hold");
		assertThat(HoldingApplication.awaitHeld()).isTrue();
		stop(webServer, stack);
		webServer.start();
		// The request the stop cut counts no more: nothing keeps the next graceful shutdown waiting.
		CompletableFuture<GracefulShutdownResult> result = new CompletableFuture<>();
		webServer.shutDownGracefully(result::complete);
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(GracefulShutdownResult.IDLE);
	}

	/**
	 * Stops the server with a request held. A held servlet request blocks a worker thread, which a stop
	 * would wait 5 s for; it is let go as soon as the stop began, to keep the test short. A held reactive
	 * request holds no thread and stays held.
	 */
	private static void stop(UndertideWebServer webServer, Stack stack) {
		if (stack == Stack.REACTIVE) {
			webServer.stop();
			return;
		}
		CompletableFuture.runAsync(() -> {
			while (webServer.getServer().isRunning()) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
			HoldingApplication.release();
		});
		webServer.stop();
	}

	/** With {@code server.shutdown=immediate}, unless the properties say otherwise. */
	private void start(Class<?> application, Stack stack, String... properties) {
		String[] all = new String[properties.length + 2];
		all[0] = "server.shutdown=immediate";
		all[1] = "spring.main.web-application-type=" + stack.webApplicationType;
		System.arraycopy(properties, 0, all, 2, properties.length);
		this.context = RunningApplications.start(application, all);
	}

	/** A client that asks for the endless body and reads none of it. */
	private Socket requestBigResponse() throws IOException {
		Socket client = new Socket("127.0.0.1", UndertideWebServer.of(this.context).getPort());
		client.setSoTimeout(10_000);
		client.getOutputStream().write("GET /big HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return client;
	}

	private static byte[] readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.write(buffer, 0, read);
			}
		}
		catch (SocketException ex) {
			// A reset ends the response too; what arrived before it is what counts.
		}
		return received.toByteArray();
	}

	/** The status line and headers, with the blank line after them. */
	private static String headOf(byte[] response) {
		String text = new String(response, 0, Math.min(response.length, 4096), StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		assertThat(end).as("a complete response head in: %s", text).isPositive();
		return text.substring(0, end + 4);
	}

	private static void assertPatternFrom(byte[] response, int bodyStart) {
		for (int i = bodyStart; i < response.length; i++) {
			if (response[i] != patternByte(i - bodyStart)) {
				throw new AssertionError("Body byte " + (i - bodyStart) + " is " + response[i] + ", expected "
						+ patternByte(i - bodyStart));
			}
		}
	}

	static byte patternByte(long position) {
		return (byte) (position % 251);
	}

	static byte[] pattern(long from, int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = patternByte(from + i);
		}
		return bytes;
	}

	/** The two stacks, each with its applications. */
	enum Stack {

		SERVLET("servlet", ServletBigApplication.class),

		REACTIVE("reactive", ReactiveBigApplication.class);

		private final String webApplicationType;

		private final Class<?> bigApplication;

		Stack(String webApplicationType, Class<?> bigApplication) {
			this.webApplicationType = webApplicationType;
			this.bigApplication = bigApplication;
		}

	}

	/**
	 * {@code /big}: {@value #FLUSHED} bytes flushed, then more, written as fast as the client takes them,
	 * until the connection is gone; {@code /quick}.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ServletBigApplication.BigController.class)
	static class ServletBigApplication {

		@RestController
		static class BigController {

			@GetMapping("/big")
			void big(HttpServletResponse response) throws IOException {
				response.setContentType("application/octet-stream");
				response.setContentLengthLong(CONTENT_LENGTH);
				OutputStream out = response.getOutputStream();
				out.write(pattern(0, FLUSHED));
				out.flush();
				flushed.countDown();
				for (long written = FLUSHED; written < CONTENT_LENGTH; written += CHUNK) {
					out.write(pattern(written, CHUNK));
				}
			}

			@GetMapping("/quick")
			String quick() {
				return "quick";
			}

		}

	}

	/** The reactive twin of {@link ServletBigApplication}: every chunk of {@code /big} leaves with a flush. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ReactiveBigApplication.BigController.class)
	static class ReactiveBigApplication {

		@RestController
		static class BigController {

			@GetMapping("/big")
			Mono<Void> big(ServerHttpResponse response) {
				response.getHeaders().setContentLength(CONTENT_LENGTH);
				int flushedChunks = FLUSHED / CHUNK;
				Flux<Mono<DataBuffer>> chunks = Flux.range(0, (int) (CONTENT_LENGTH / CHUNK)).map((chunk) -> {
					// Asked for only once the chunks before it were written and flushed.
					if (chunk == flushedChunks) {
						flushed.countDown();
					}
					return Mono.just(response.bufferFactory().wrap(pattern((long) chunk * CHUNK, CHUNK)));
				});
				return response.writeAndFlushWith(chunks);
			}

			@GetMapping("/quick")
			String quick() {
				return "quick";
			}

		}

	}

}
