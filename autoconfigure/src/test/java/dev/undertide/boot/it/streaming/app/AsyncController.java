package dev.undertide.boot.it.streaming.app;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.it.streaming.app.StreamingProbes.GatedStream;
import dev.undertide.boot.it.streaming.app.StreamingProbes.HeldStream;
import dev.undertide.boot.it.streaming.app.StreamingProbes.Written;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Every async return value type of Spring MVC, each driven from outside the request thread. */
@RestController
@RequestMapping("/async")
public class AsyncController {

	/** Long enough never to fire in a test, so only the behaviour under test ends a request. */
	private static final long LONG_TIMEOUT = 60_000;

	/** How long the asynchronously produced values take, so they arrive once the request is held. */
	private static final long SETTLE_MILLIS = 100;

	private final StreamingProbes probes;

	public AsyncController(StreamingProbes probes) {
		this.probes = probes;
	}

	/** Answered by whoever sets the result; the test does, from its own thread. */
	@GetMapping("/deferred")
	public DeferredResult<String> deferred(@RequestParam String id) {
		DeferredResult<String> result = new DeferredResult<>(LONG_TIMEOUT);
		this.probes.deferredResult(id).complete(result);
		return result;
	}

	/**
	 * Set from another thread before the controller returns, so Spring dispatches while the request's first
	 * dispatch is still running.
	 */
	@GetMapping("/deferred-early")
	public DeferredResult<String> deferredEarly() throws InterruptedException {
		DeferredResult<String> result = new DeferredResult<>(LONG_TIMEOUT);
		Thread setter = new Thread(() -> result.setResult("set before the controller returned"));
		setter.start();
		setter.join();
		return result;
	}

	/** Uses the configured default timeout (spring.mvc.async.request-timeout); never completed. */
	@GetMapping("/never")
	public DeferredResult<String> never() {
		return new DeferredResult<>();
	}

	/**
	 * Callables here take {@link #SETTLE_MILLIS} so that they finish after the first dispatch returned; the
	 * result arriving during that dispatch is tested on its own ({@code /deferred-early}, {@code /future-done}).
	 */
	@GetMapping("/callable")
	public Callable<Map<String, String>> callable() {
		String requestThread = Thread.currentThread().getName();
		return () -> {
			Thread.sleep(SETTLE_MILLIS);
			return Map.of("value", "from callable", "requestThread", requestThread, "callableThread",
					Thread.currentThread().getName());
		};
	}

	@GetMapping("/future")
	public CompletableFuture<String> future() {
		return CompletableFuture.supplyAsync(() -> "from future",
				CompletableFuture.delayedExecutor(SETTLE_MILLIS, TimeUnit.MILLISECONDS));
	}

	@GetMapping("/future-done")
	public CompletableFuture<String> futureDone() {
		return CompletableFuture.completedFuture("already done");
	}

	@GetMapping("/task")
	public WebAsyncTask<String> task() {
		return new WebAsyncTask<>(LONG_TIMEOUT, () -> {
			Thread.sleep(SETTLE_MILLIS);
			return "from task";
		});
	}

	/**
	 * The task's own 200 ms timeout fires long before its callable returns. The callable ignores the
	 * interrupt Spring sends when it cancels the task on timeout, so its failure cannot race the timeout
	 * callback's value.
	 */
	@GetMapping("/task-timeout")
	public WebAsyncTask<String> taskTimeout() {
		WebAsyncTask<String> task = new WebAsyncTask<>(200L, () -> {
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
			while (System.nanoTime() < until) {
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					// Cancelled by the timeout; keep going so only the timeout callback answers.
				}
			}
			return "from callable, too late";
		});
		task.onTimeout(() -> "from the task's timeout callback");
		return task;
	}

	/** Three events; event n+1 is produced only once the test opened gate n. */
	@GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public SseEmitter sse(@RequestParam String id) {
		SseEmitter emitter = new SseEmitter(LONG_TIMEOUT);
		GatedStream stream = this.probes.gatedStream(id);
		startThread("sse-producer-" + id, () -> {
			try {
				for (int event = 1; event <= 3; event++) {
					if (event > 1 && !stream.gate(event - 1).await(10, TimeUnit.SECONDS)) {
						throw new IllegalStateException("gate " + (event - 1) + " was never opened");
					}
					stream.produced().set(event);
					emitter.send(SseEmitter.event().id(String.valueOf(event)).name("tick").data("event-" + event));
				}
				emitter.complete();
				stream.producerDone().complete(null);
			}
			catch (Exception ex) {
				emitter.completeWithError(ex);
				stream.producerDone().completeExceptionally(ex);
			}
		});
		return emitter;
	}

	/** Two text parts; the second is produced only once the test opened gate 1. */
	@GetMapping("/emitter")
	public ResponseBodyEmitter emitter(@RequestParam String id) {
		ResponseBodyEmitter emitter = new ResponseBodyEmitter(LONG_TIMEOUT);
		GatedStream stream = this.probes.gatedStream(id);
		startThread("emitter-producer-" + id, () -> {
			try {
				stream.produced().set(1);
				emitter.send("part-1\n", MediaType.TEXT_PLAIN);
				if (!stream.gate(1).await(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("gate 1 was never opened");
				}
				stream.produced().set(2);
				emitter.send("part-2\n", MediaType.TEXT_PLAIN);
				emitter.complete();
				stream.producerDone().complete(null);
			}
			catch (Exception ex) {
				emitter.completeWithError(ex);
				stream.producerDone().completeExceptionally(ex);
			}
		});
		return emitter;
	}

	/** {@code size} bytes of the pattern for {@code seed}, in 8 KiB writes. */
	@GetMapping("/streaming")
	public StreamingResponseBody streaming(@RequestParam String id, @RequestParam long seed,
			@RequestParam long size) {
		return (out) -> {
			MessageDigest digest = BytePattern.sha256();
			BytePattern pattern = new BytePattern(seed);
			byte[] chunk = new byte[8 * 1024];
			for (long left = size; left > 0;) {
				int length = (int) Math.min(chunk.length, left);
				pattern.fill(chunk, 0, length);
				digest.update(chunk, 0, length);
				out.write(chunk, 0, length);
				left -= length;
			}
			this.probes.written(id).complete(new Written(BytePattern.hex(digest), size));
		};
	}

	/**
	 * Sends one event, then its producer blocks for up to 30 s until the emitter's onError or onCompletion
	 * frees it; its {@code finally} records that it finished.
	 */
	@GetMapping(path = "/sse-held", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public SseEmitter sseHeld(@RequestParam String id) {
		SseEmitter emitter = new SseEmitter(LONG_TIMEOUT);
		HeldStream stream = this.probes.heldStream(id);
		emitter.onError((failure) -> stream.callback("onError"));
		emitter.onCompletion(() -> stream.callback("onCompletion"));
		emitter.onTimeout(() -> stream.callback("onTimeout"));
		startThread("sse-held-producer-" + id, () -> {
			try {
				emitter.send(SseEmitter.event().data("first"));
				stream.firstEventSent().countDown();
				boolean released = stream.release().await(30, TimeUnit.SECONDS);
				stream.producerOutcome().set(released ? "released" : "waited 30 s");
			}
			catch (InterruptedException ex) {
				stream.producerOutcome().set("interrupted");
			}
			catch (IOException | RuntimeException ex) {
				stream.producerOutcome().set("failed: " + ex);
			}
			finally {
				stream.producerFinished().countDown();
			}
		});
		return emitter;
	}

	private static void startThread(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

}
