package dev.undertide.boot.it.streaming;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.it.streaming.RawHttpConnection.Head;
import dev.undertide.boot.it.streaming.app.StreamingProbes;
import dev.undertide.boot.it.streaming.app.StreamingProbes.HeldStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client leaving an SSE stream whose producer is blocked is noticed without a write: the emitter's
 * onError or onCompletion runs promptly, and the producer it frees gets to its cleanup.
 */
@StreamingWebTest
class SseDisconnectTests {

	/** Generous against a loaded machine; the target is under 100 ms. */
	private static final long NOTICE_WITHIN_MILLIS = 1000;

	@LocalServerPort
	int port;

	@Autowired
	StreamingProbes probes;

	@Test
	void clientClosingAHeldSseStreamRunsAnEmitterCallbackAndFreesTheProducer() throws Exception {
		leaveHeldStream(false);
	}

	@Test
	void clientResettingAHeldSseStreamRunsAnEmitterCallbackAndFreesTheProducer() throws Exception {
		leaveHeldStream(true);
	}

	private void leaveHeldStream(boolean reset) throws Exception {
		String id = UUID.randomUUID().toString();
		HeldStream stream = this.probes.heldStream(id);
		RawHttpConnection connection = RawHttpConnection.open(this.port);
		long closedAt;
		try {
			connection.send("GET /async/sse-held?id=" + id
					+ " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
			Head head = connection.readHead();
			assertThat(head.status()).isEqualTo(200);
			assertThat(RawHttpConnection.readUntil(connection.body(head), "\n\n")).contains("data:first");
			assertThat(stream.firstEventSent().await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(stream.firstCallback()).as("no emitter callback while the client is there").isNull();
			if (reset) {
				connection.socket().setSoLinger(true, 0);
			}
		}
		finally {
			closedAt = System.nanoTime();
			connection.close();
		}
		assertThat(stream.callbackRan().await(5, TimeUnit.SECONDS))
			.as("the emitter's onError or onCompletion ran after the client %s", reset ? "reset" : "closed")
			.isTrue();
		long latencyMillis = TimeUnit.NANOSECONDS.toMillis(stream.firstCallbackNanos() - closedAt);
		System.out.printf("[streaming] SSE client %s -> emitter %s after %d ms%n", reset ? "reset (RST)" : "close (FIN)",
				stream.firstCallback(), latencyMillis);
		assertThat(latencyMillis).isBetween(0L, NOTICE_WITHIN_MILLIS - 1);
		assertThat(stream.producerFinished().await(1, TimeUnit.SECONDS)).as("the producer's finally ran").isTrue();
		assertThat(stream.producerOutcome().get()).isEqualTo("released");
	}

}
