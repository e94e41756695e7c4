package dev.undertide.boot.it.reactive.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Streams in both directions, and what the application sees when a client goes away. */
@RestController
public class ReactiveStreamController {

	private static final int CHUNK = 64 * 1024;

	private static final long SLOW_UPLOAD_STRIDE = 8 * 1024 * 1024;

	/** How each stream ended ("CANCEL", "ON_COMPLETE"...) and when, in nanoTime. */
	public static final BlockingQueue<StreamEnd> streamEnds = new LinkedBlockingQueue<>();

	/** Lets the handler of {@code /blocking} go on. */
	public static final CountDownLatch blockingRelease = new CountDownLatch(1);

	private final Path file;

	public ReactiveStreamController() throws IOException {
		this.file = Files.createTempFile("undertide-reactive", ".bin");
		this.file.toFile().deleteOnExit();
		Files.write(this.file, pattern(0, 3 * 1024 * 1024 + 17));
	}

	/** Byte {@code i} of every generated body. */
	public static byte patternByte(long i) {
		return (byte) (i % 251);
	}

	public static byte[] pattern(long from, int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = patternByte(from + i);
		}
		return bytes;
	}

	@GetMapping("/bytes")
	Flux<DataBuffer> bytes(@RequestParam long size, ServerHttpResponse response) {
		DataBufferFactory buffers = response.bufferFactory();
		long chunks = (size + CHUNK - 1) / CHUNK;
		return Flux.range(0, (int) chunks).map((chunk) -> {
			long from = (long) chunk * CHUNK;
			return buffers.wrap(pattern(from, (int) Math.min(CHUNK, size - from)));
		});
	}

	/** {@code count} buffers of {@code size} bytes, emitted at once. */
	@GetMapping("/small-buffers")
	Flux<DataBuffer> smallBuffers(@RequestParam int count, @RequestParam int size, ServerHttpResponse response) {
		DataBufferFactory buffers = response.bufferFactory();
		return Flux.range(0, count).map((i) -> buffers.wrap(pattern((long) i * size, size)));
	}

	/** "first", then after {@code pauseMillis} "second", as one plain body (not flushed by element). */
	@GetMapping("/paused")
	Flux<DataBuffer> paused(@RequestParam long pauseMillis, ServerHttpResponse response) {
		DataBufferFactory buffers = response.bufferFactory();
		return Flux.concat(Mono.just("first"), Mono.just("second").delayElement(Duration.ofMillis(pauseMillis)))
			.map((text) -> buffers.wrap(text.getBytes(StandardCharsets.US_ASCII)));
	}

	@GetMapping("/file")
	Resource file() {
		return new FileSystemResource(this.file);
	}

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> events(@RequestParam(defaultValue = "5") int count,
			@RequestParam(defaultValue = "200") long intervalMillis) {
		return Flux.interval(Duration.ofMillis(intervalMillis))
			.take(count)
			.map((i) -> ServerSentEvent.builder("event-" + i).id(Long.toString(i)).build());
	}

	/** One event, then nothing: the stream is idle until the client goes away. */
	@GetMapping(path = "/idle", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<String> idle(@RequestParam String name) {
		return Flux.concat(Flux.just("first"), Flux.<String>never())
			.doFinally((signal) -> streamEnds.add(new StreamEnd(name, signal, System.nanoTime())));
	}

	/**
	 * Blocks the thread that subscribes, on a worker the one the handler runs on, until released (10 s at
	 * most), then answers.
	 */
	@GetMapping("/blocking")
	Mono<String> blocking(@RequestParam String name) {
		return Mono.fromCallable(() -> blockingRelease.await(10, TimeUnit.SECONDS) ? "released" : "timed out")
			.doFinally((signal) -> streamEnds.add(new StreamEnd(name, signal, System.nanoTime())));
	}

	/** How the stream {@code name} ended; fails if it did not within 5 s. */
	public static StreamEnd awaitEnd(String name) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			StreamEnd end = streamEnds.poll(100, TimeUnit.MILLISECONDS);
			if (end != null && end.name().equals(name)) {
				return end;
			}
		}
		throw new AssertionError("The stream " + name + " never ended");
	}

	/** Waits, then reads the body at its own pace, releasing what it read. */
	@PostMapping("/slow-upload")
	Mono<String> slowUpload(@RequestBody Flux<DataBuffer> body, @RequestParam(defaultValue = "300") long pauseMillis) {
		AtomicLong total = new AtomicLong();
		return Mono.delay(Duration.ofMillis(pauseMillis))
			.thenMany(body.limitRate(2).concatMap((buffer) -> {
				int bytes = buffer.readableByteCount();
				long seen = total.addAndGet(bytes);
				DataBufferUtils.release(buffer);
				Mono<Long> done = Mono.just(seen);
				// Every 8 MiB the consumer takes a break: it is slower than the client.
				return (seen / SLOW_UPLOAD_STRIDE != (seen - bytes) / SLOW_UPLOAD_STRIDE)
						? done.delayElement(Duration.ofMillis(20)) : done;
			}, 1))
			.then(Mono.fromCallable(() -> String.valueOf(total.get())));
	}

	public record StreamEnd(String name, SignalType signal, long nanoTime) {
	}

}
