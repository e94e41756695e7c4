package dev.undertide.boot.it.reactive;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.it.reactive.app.ReactiveStreamController;
import dev.undertide.boot.it.reactive.app.ReactiveStreamController.StreamEnd;
import dev.undertide.boot.it.reactive.app.ReactiveTestApplication;
import dev.undertide.boot.it.support.Http;
import dev.undertide.server.UndertideServer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.SignalType;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Server properties as a reactive application sees them. */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "server.undertow.max-http-post-size=1KB",
				"spring.webflux.base-path=/api", "server.undertow.worker.type=platform" })
class ReactivePropertiesTests {

	@LocalServerPort
	int port;

	@Autowired
	ConfigurableApplicationContext context;

	/**
	 * On workers, the handler runs inside the subscription: one that blocks its thread is watched while it
	 * does, so a client that leaves cancels it then, not once it unblocks.
	 */
	@Test
	void handlerBlockingItsWorkerIsCancelledWhenTheClientLeaves() throws Exception {
		try {
			try (Socket socket = new Socket("localhost", this.port)) {
				OutputStream out = socket.getOutputStream();
				out.write("GET /api/blocking?name=blocking HTTP/1.1\r\nHost: localhost\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				Thread.sleep(300);
			}
			StreamEnd end = ReactiveStreamController.awaitEnd("blocking");
			assertThat(end.signal()).isEqualTo(SignalType.CANCEL);
		}
		finally {
			ReactiveStreamController.blockingRelease.countDown();
		}
	}

	@Test
	void declaredBodyOverTheLimitIsRefusedWith413() {
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(Http.uri(this.port, "/api/count"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048]))
			.build());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("exceeds the limit of 1024 bytes");
	}

	/**
	 * Counted as it arrives and answered 413; undertow-core's own chunked decoding would close the connection
	 * without an answer. The server goes on serving.
	 */
	@Test
	void chunkedBodyGrowingOverTheLimitIsAnswered413() {
		HttpResponse<String> response = Http.send(
				HttpRequest.newBuilder(Http.uri(this.port, "/api/count")).POST(chunked(new byte[4096])).build());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(Http.get(this.port, "/api/hello").statusCode()).isEqualTo(200);
	}

	/** The body read up to the limit and the 413 rendered for it leave no buffer behind. */
	@Test
	void chunkedBodyGrowingOverTheLimitLeavesNoBufferBehind() throws InterruptedException {
		assertThat(Http.send(HttpRequest.newBuilder(Http.uri(this.port, "/api/count")).POST(chunked(new byte[4096])).build())
			.statusCode()).isEqualTo(413);
		UndertideServer server = UndertideWebServer.of(this.context).getServer();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (server.getStatistics().requests().active() != 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(server.getStatistics().requests().active()).as("requests in flight").isZero();
		deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (ReactiveTestApplication.ALLOCATOR.metric().usedHeapMemory() != 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(ReactiveTestApplication.ALLOCATOR.metric().usedHeapMemory()).as("bytes allocated, not released")
			.isZero();
	}

	/** A body of unknown length, so the client sends it chunked. */
	private static HttpRequest.BodyPublisher chunked(byte[] bytes) {
		HttpRequest.BodyPublisher known = HttpRequest.BodyPublishers.ofByteArray(bytes);
		return new HttpRequest.BodyPublisher() {

			@Override
			public long contentLength() {
				return -1;
			}

			@Override
			public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
				known.subscribe(subscriber);
			}

		};
	}

	@Test
	void bodyWithinTheLimitIsRead() {
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(Http.uri(this.port, "/api/count"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000]))
			.build());
		assertThat(response.body()).isEqualTo("1000");
	}

	@Test
	void basePathPrefixesEveryRoute() {
		assertThat(Http.get(this.port, "/api/hello").body()).isEqualTo("hello from webflux");
		assertThat(Http.get(this.port, "/hello").statusCode()).isEqualTo(404);
	}

	@Test
	void platformWorkerTypeRunsHandlersOnUndertowsWorkerPool() {
		assertThat(Http.get(this.port, "/api/thread").body()).startsWith("XNIO-").contains("task");
	}

}
