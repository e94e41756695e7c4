package dev.undertide.boot.it.streaming.app;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.web.context.request.async.DeferredResult;

/**
 * What the streaming test controllers share with the tests, keyed by an id each test request carries, so
 * tests see only their own request's state.
 */
public class StreamingProbes {

	private final Map<String, CompletableFuture<DeferredResult<String>>> deferredResults = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Void>> firstDispatchesReturned = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Written>> written = new ConcurrentHashMap<>();

	private final Map<String, GatedStream> gatedStreams = new ConcurrentHashMap<>();

	private final Map<String, HeldStream> heldStreams = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<String>> bodiesRead = new ConcurrentHashMap<>();

	/** The DeferredResult a request with this id returned, once the controller returned it. */
	public CompletableFuture<DeferredResult<String>> deferredResult(String id) {
		return this.deferredResults.computeIfAbsent(id, (key) -> new CompletableFuture<>());
	}

	/** Completed once the first dispatch of the request with this id returned, so the request is held. */
	public CompletableFuture<Void> firstDispatchReturned(String id) {
		return this.firstDispatchesReturned.computeIfAbsent(id, (key) -> new CompletableFuture<>());
	}

	/** SHA-256 and length of what the server wrote for a response, once it wrote the last byte. */
	public CompletableFuture<Written> written(String id) {
		return this.written.computeIfAbsent(id, (key) -> new CompletableFuture<>());
	}

	public GatedStream gatedStream(String id) {
		return this.gatedStreams.computeIfAbsent(id, (key) -> new GatedStream());
	}

	public HeldStream heldStream(String id) {
		return this.heldStreams.computeIfAbsent(id, (key) -> new HeldStream());
	}

	/** Completed when an endpoint that must not read its body was reached, with what it saw. */
	public CompletableFuture<String> bodyRead(String id) {
		return this.bodiesRead.computeIfAbsent(id, (key) -> new CompletableFuture<>());
	}

	public record Written(String sha256, long length) {
	}

	/** A stream whose event n+1 is produced only after the test opened gate n. */
	public static final class GatedStream {

		private final CountDownLatch[] gates = { new CountDownLatch(1), new CountDownLatch(1),
				new CountDownLatch(1) };

		private final AtomicInteger produced = new AtomicInteger();

		private final CompletableFuture<Void> producerDone = new CompletableFuture<>();

		public CountDownLatch gate(int afterEvent) {
			return this.gates[afterEvent - 1];
		}

		public AtomicInteger produced() {
			return this.produced;
		}

		public CompletableFuture<Void> producerDone() {
			return this.producerDone;
		}

	}

	/** An SSE stream whose producer blocks after the first event until a callback of the emitter frees it. */
	public static final class HeldStream {

		private final CountDownLatch release = new CountDownLatch(1);

		private final CountDownLatch firstEventSent = new CountDownLatch(1);

		private final CountDownLatch callbackRan = new CountDownLatch(1);

		private final AtomicReference<String> firstCallback = new AtomicReference<>();

		private final AtomicLong firstCallbackNanos = new AtomicLong();

		private final CountDownLatch producerFinished = new CountDownLatch(1);

		private final AtomicReference<String> producerOutcome = new AtomicReference<>();

		/** Counted down by the emitter's onError or onCompletion; the producer waits on it. */
		public CountDownLatch release() {
			return this.release;
		}

		public CountDownLatch firstEventSent() {
			return this.firstEventSent;
		}

		public void callback(String name) {
			if (this.firstCallback.compareAndSet(null, name)) {
				this.firstCallbackNanos.set(System.nanoTime());
				this.callbackRan.countDown();
			}
			this.release.countDown();
		}

		public CountDownLatch callbackRan() {
			return this.callbackRan;
		}

		public String firstCallback() {
			return this.firstCallback.get();
		}

		public long firstCallbackNanos() {
			return this.firstCallbackNanos.get();
		}

		public CountDownLatch producerFinished() {
			return this.producerFinished;
		}

		public AtomicReference<String> producerOutcome() {
			return this.producerOutcome;
		}

	}

}
