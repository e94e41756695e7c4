package dev.undertide.boot.it.reactive;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.it.reactive.app.ReactiveTestApplication;
import dev.undertide.boot.it.support.Http;
import dev.undertide.server.UndertideServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Server properties as a reactive application sees them. */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "server.undertow.max-http-post-size=1KB",
				"spring.webflux.base-path=/api", "server.undertow.worker.type=platform" })
class ReactivePropertiesTests {

	@LocalServerPort
	int port;

	@Autowired
	ConfigurableApplicationContext context;

	@Test
	void declaredBodyOverTheLimitIsRefusedWith413() {
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(Http.uri(this.port, "/api/count"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048]))
			.build());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("exceeds the limit of 1024 bytes");
	}

	/**
	 * undertow-core's chunked decoding closes the connection once a body passes the limit, so no answer
	 * can follow; the application never gets the body and the server goes on serving.
	 */
	@Test
	void chunkedBodyGrowingOverTheLimitEndsTheConnection() {
		assertThatIllegalStateException().isThrownBy(() -> Http.send(
				HttpRequest.newBuilder(Http.uri(this.port, "/api/count")).POST(chunked(new byte[4096])).build()))
			.withRootCauseInstanceOf(IOException.class);
		assertThat(Http.get(this.port, "/api/hello").statusCode()).isEqualTo(200);
	}

	/**
	 * The application answers the body it could not read with an error, which goes nowhere once the
	 * connection has ended; the error's buffer is released all the same.
	 */
	@Test
	void chunkedBodyGrowingOverTheLimitLeavesNoBufferBehind() throws InterruptedException {
		assertThatIllegalStateException().isThrownBy(() -> Http.send(
				HttpRequest.newBuilder(Http.uri(this.port, "/api/count")).POST(chunked(new byte[4096])).build()));
		UndertideServer server = UndertideWebServer.of(this.context).getServer();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (server.getStatistics().requests().active() != 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(server.getStatistics().requests().active()).as("requests in flight").isZero();
		// The request ended with its connection; the application renders its error a moment later.
		Thread.sleep(1000);
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
