package dev.undertide.boot.it.streaming;

import java.io.InputStream;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.streaming.RawHttpConnection.Hashed;
import dev.undertide.boot.it.streaming.RawHttpConnection.Head;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import dev.undertide.boot.it.streaming.app.BytePattern;
import dev.undertide.boot.it.streaming.app.StreamingProbes;
import dev.undertide.boot.it.streaming.app.StreamingProbes.GatedStream;
import dev.undertide.boot.it.streaming.app.StreamingProbes.Written;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Each async return value type of Spring MVC works end to end over a real connection. */
@StreamingWebTest
class AsyncReturnValueTests {

	@LocalServerPort
	int port;

	@Autowired
	StreamingProbes probes;

	@Test
	void deferredResultSetFromAnotherThreadIsTheResponse() throws Exception {
		String id = UUID.randomUUID().toString();
		CompletableFuture<Response> response = inBackground(
				() -> RawHttpConnection.get(this.port, "/async/deferred?id=" + id));
		DeferredResult<String> result = this.probes.deferredResult(id).get(5, TimeUnit.SECONDS);
		this.probes.firstDispatchReturned(id).get(5, TimeUnit.SECONDS);
		assertThat(response).as("the request is held until the result is set").isNotDone();
		assertThat(result.setResult("set by the test thread")).isTrue();
		Response answer = response.get(5, TimeUnit.SECONDS);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).isEqualTo("set by the test thread");
	}

	/**
	 * Spring asks for the async dispatch from within the first dispatch; the request must count as async
	 * until that dispatch returns.
	 */
	@Test
	void deferredResultSetBeforeTheControllerReturnsIsTheResponse() throws Exception {
		Response response = RawHttpConnection.get(this.port, "/async/deferred-early");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).isEqualTo("set before the controller returned");
	}

	@Test
	void alreadyCompletedFutureIsTheResponse() throws Exception {
		Response response = RawHttpConnection.get(this.port, "/async/future-done");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).isEqualTo("already done");
	}

	@Test
	void callableRunsOnAnotherThreadAndItsValueIsTheResponse() throws Exception {
		Response response = RawHttpConnection.get(this.port, "/async/callable", "Accept", "application/json");
		assertThat(response.status()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.text(), "$.value")).isEqualTo("from callable");
		String requestThread = JsonPath.read(response.text(), "$.requestThread");
		assertThat((String) JsonPath.read(response.text(), "$.callableThread")).isNotEqualTo(requestThread);
	}

	@Test
	void completableFutureCompletedLaterIsTheResponse() throws Exception {
		Response response = RawHttpConnection.get(this.port, "/async/future");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).isEqualTo("from future");
	}

	@Test
	void webAsyncTaskValueIsTheResponse() throws Exception {
		Response response = RawHttpConnection.get(this.port, "/async/task");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).isEqualTo("from task");
	}

	@Test
	void webAsyncTaskTimeoutAnswersWithItsTimeoutCallbackValue() throws Exception {
		long start = System.nanoTime();
		Response response = RawHttpConnection.get(this.port, "/async/task-timeout");
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).isEqualTo("from the task's timeout callback");
		assertThat(elapsedMillis).as("answered by the task's 200 ms timeout, not its 3 s callable")
			.isBetween(150L, 2000L);
	}

	@Test
	void sseEventsArriveOneByOneEachBeforeTheNextIsProduced() throws Exception {
		String id = UUID.randomUUID().toString();
		GatedStream stream = this.probes.gatedStream(id);
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send("GET /async/sse?id=" + id + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
			Head head = connection.readHead();
			assertThat(head.status()).isEqualTo(200);
			assertThat(head.header("Content-Type")).startsWith("text/event-stream");
			InputStream body = connection.body(head);
			for (int event = 1; event <= 3; event++) {
				String received = RawHttpConnection.readUntil(body, "\n\n");
				assertThat(received).contains("id:" + event, "event:tick", "data:event-" + event);
				assertThat(stream.produced().get()).as("events produced when event %d arrived", event)
					.isEqualTo(event);
				if (event < 3) {
					stream.gate(event).countDown();
				}
			}
			assertThat(body.read()).as("the stream ends after the third event").isEqualTo(-1);
			stream.producerDone().get(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void responseBodyEmitterPartsArriveOneByOne() throws Exception {
		String id = UUID.randomUUID().toString();
		GatedStream stream = this.probes.gatedStream(id);
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send("GET /async/emitter?id=" + id + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
			Head head = connection.readHead();
			assertThat(head.status()).isEqualTo(200);
			InputStream body = connection.body(head);
			assertThat(RawHttpConnection.readUntil(body, "\n")).isEqualTo("part-1\n");
			assertThat(stream.produced().get()).as("parts produced when part 1 arrived").isEqualTo(1);
			stream.gate(1).countDown();
			assertThat(RawHttpConnection.readUntil(body, "\n")).isEqualTo("part-2\n");
			assertThat(body.read()).as("the body ends after the second part").isEqualTo(-1);
			stream.producerDone().get(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void streamingResponseBodyOf5MiBArrivesWhole() throws Exception {
		String id = UUID.randomUUID().toString();
		long size = 5L * 1024 * 1024;
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send("GET /async/streaming?id=" + id + "&seed=5&size=" + size
					+ " HTTP/1.1\r\nHost: localhost\r\n\r\n");
			Head head = connection.readHead();
			assertThat(head.status()).isEqualTo(200);
			Hashed received = RawHttpConnection.hash(connection.body(head));
			Written written = this.probes.written(id).get(5, TimeUnit.SECONDS);
			assertThat(received.length()).isEqualTo(size);
			assertThat(received.sha256()).isEqualTo(written.sha256()).isEqualTo(BytePattern.sha256(5, size));
		}
	}

	/** Undertow keeps the connection open after an async response; the next request on it is answered. */
	@ParameterizedTest
	@ValueSource(strings = { "/async/callable", "/async/future", "/async/task" })
	void keptAliveConnectionAnswersTheNextRequestAfterAnAsyncResponse(String path) throws Exception {
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			connection.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
			Response first = connection.readResponse();
			assertThat(first.status()).isEqualTo(200);
			assertThat(first.head().header("Connection")).isNotEqualToIgnoringCase("close");
			connection.send("GET /ok HTTP/1.1\r\nHost: localhost\r\n\r\n");
			Response next = connection.readResponse();
			assertThat(next.status()).isEqualTo(200);
			assertThat(next.text()).isEqualTo("ok");
		}
	}

	private static <T> CompletableFuture<T> inBackground(Callable<T> task) {
		CompletableFuture<T> future = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				future.complete(task.call());
			}
			catch (Throwable ex) {
				future.completeExceptionally(ex);
			}
		}, "test-client");
		thread.setDaemon(true);
		thread.start();
		return future;
	}

}
