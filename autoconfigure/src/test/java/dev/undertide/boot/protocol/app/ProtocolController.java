package dev.undertide.boot.protocol.app;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.stream.Collectors;

import dev.undertide.boot.it.streaming.app.BytePattern;
import jakarta.servlet.http.HttpServletRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the protocol tests ask for; each path answers the same on Spring MVC and on WebFlux. Where a stack
 * needs its own code for the same answer, {@link MvcOnly} and {@link WebFluxOnly} have it.
 */
@RestController
public class ProtocolController {

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	/** Answers after {@code millis} without holding a thread: async on MVC, a delayed publisher on WebFlux. */
	@GetMapping("/async")
	Mono<String> async(@RequestParam(defaultValue = "300") long millis) {
		return Mono.delay(Duration.ofMillis(millis)).thenReturn("async");
	}

	/** {@code parts} lines written one by one, so the length is not known when the response starts. */
	@GetMapping("/stream")
	Flux<String> stream(@RequestParam(defaultValue = "1000") int parts) {
		return Flux.range(0, parts).map((part) -> "part-" + part + "\n");
	}

	/**
	 * Server-sent events every 20 ms, without end: clients leave when they have seen enough. Ticks the
	 * client is too slow for are dropped; Spring MVC asks for one event at a time.
	 */
	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<String> events() {
		return Flux.interval(Duration.ofMillis(20)).onBackpressureDrop().map((tick) -> "tick " + tick);
	}

	/** The value of cookie {@code flavour}, or {@code none}. */
	@GetMapping("/flavour")
	String flavour(@CookieValue(name = "flavour", required = false) String flavour) {
		return (flavour != null) ? flavour : "none";
	}

	/** {@code size} bytes of the pattern for {@code seed}, of a length not declared up front. */
	@GetMapping("/bytes")
	Resource bytes(@RequestParam long seed, @RequestParam long size) {
		return new InputStreamResource(new PatternInputStream(seed, size));
	}

	/** The values of header {@code name}, with control characters shown as {@code \\uXXXX}. */
	@GetMapping("/header/{name}")
	String header(@PathVariable String name, @RequestHeader HttpHeaders headers) {
		return String.join("|", headers.getOrEmpty(name)).chars()
			.mapToObj((c) -> (c < 0x20 || c == 0x7f) ? String.format("\\u%04x", c) : String.valueOf((char) c))
			.collect(Collectors.joining());
	}

	/** The stack's blocking work done the stack's way: on the request's worker thread for MVC. */
	@RestController
	@ConditionalOnWebApplication(type = Type.SERVLET)
	public static class MvcOnly {

		/** The path as the application sees it, and the one path segment it matched. */
		@GetMapping("/echo/{segment}")
		String echo(@PathVariable String segment, HttpServletRequest request) {
			return request.getRequestURI() + " segment=" + segment;
		}

		@GetMapping("/slow")
		String slow(@RequestParam(defaultValue = "300") long millis) throws InterruptedException {
			Thread.sleep(millis);
			return "slow";
		}

		/** Reads the whole body and answers {@code <count> <sha-256>}. */
		@PostMapping("/sha256")
		String sha256(InputStream body) throws IOException {
			MessageDigest digest = BytePattern.sha256();
			long count = 0;
			byte[] buffer = new byte[64 * 1024];
			for (int read = body.read(buffer); read != -1; read = body.read(buffer)) {
				digest.update(buffer, 0, read);
				count += read;
			}
			return count + " " + BytePattern.hex(digest);
		}

	}

	/** The same as {@link MvcOnly}, for WebFlux: blocking work off the I/O thread, bodies as buffers. */
	@RestController
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	public static class WebFluxOnly {

		@GetMapping("/echo/{segment}")
		String echo(@PathVariable String segment, ServerHttpRequest request) {
			return request.getPath().value() + " segment=" + segment;
		}

		@GetMapping("/slow")
		Mono<String> slow(@RequestParam(defaultValue = "300") long millis) {
			return Mono.fromCallable(() -> {
				Thread.sleep(millis);
				return "slow";
			}).subscribeOn(Schedulers.boundedElastic());
		}

		@PostMapping("/sha256")
		Mono<String> sha256(@RequestBody Flux<DataBuffer> body) {
			MessageDigest digest = BytePattern.sha256();
			return body.map((buffer) -> {
				int count = buffer.readableByteCount();
				try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
					buffers.forEachRemaining(digest::update);
				}
				DataBufferUtils.release(buffer);
				return (long) count;
			}).reduce(0L, Long::sum).map((count) -> count + " " + BytePattern.hex(digest));
		}

	}

	/** The pattern as a stream, made as it is read. */
	private static final class PatternInputStream extends InputStream {

		private final BytePattern pattern;

		private long left;

		PatternInputStream(long seed, long size) {
			this.pattern = new BytePattern(seed);
			this.left = size;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == -1) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) {
			if (this.left == 0) {
				return -1;
			}
			int count = (int) Math.min(length, this.left);
			this.pattern.fill(bytes, offset, count);
			this.left -= count;
			return count;
		}

	}

}
