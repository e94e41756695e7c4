package dev.undertide.boot.it.reactive.app;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/** Plain request and response features. */
@RestController
public class ReactiveApiController {

	@GetMapping("/hello")
	Mono<String> hello() {
		return Mono.just("hello from webflux");
	}

	@GetMapping("/thread")
	Mono<String> thread() {
		return Mono.fromSupplier(() -> Thread.currentThread().getName());
	}

	@PostMapping("/greetings")
	Mono<Greeting> greet(@RequestBody Mono<Greeting> greeting) {
		return greeting.map((in) -> new Greeting(in.name().toUpperCase(), in.count() + 1));
	}

	@PostMapping("/names")
	Flux<String> names(@RequestBody Flux<Greeting> greetings) {
		return greetings.map((greeting) -> greeting.name() + ";");
	}

	/** Counts body bytes and releases every buffer. */
	@PostMapping("/count")
	Mono<String> count(@RequestBody Flux<DataBuffer> body) {
		return body.map((buffer) -> {
			int bytes = buffer.readableByteCount();
			DataBufferUtils.release(buffer);
			return (long) bytes;
		}).reduce(0L, Long::sum).map(String::valueOf);
	}

	@GetMapping("/request-info")
	Map<String, Object> requestInfo(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		InetSocketAddress local = request.getLocalAddress();
		return Map.of("id", request.getId(), "remote", remote.getAddress().getHostAddress(), "localPort",
				local.getPort(), "uri", request.getURI().toString(), "query", request.getQueryParams().toString());
	}

	/** Echoes the request's {@code X-Multi} values, looked up in another case, as two response headers. */
	@GetMapping("/headers")
	Mono<String> headers(ServerWebExchange exchange) {
		List<String> values = exchange.getRequest().getHeaders().get("x-MULTI");
		exchange.getResponse().getHeaders().addAll("X-Echo", (values != null) ? values : List.of());
		exchange.getResponse().getHeaders().add("X-Echo", "last");
		return Mono.just(String.valueOf(exchange.getRequest().getHeaders().getFirst("X-MULTI")));
	}

	@GetMapping("/cookies")
	Mono<String> cookies(ServerWebExchange exchange) {
		HttpCookie flavour = exchange.getRequest().getCookies().getFirst("flavour");
		exchange.getResponse()
			.addCookie(ResponseCookie.from("seen", "yes").path("/").httpOnly(true).sameSite("Lax").build());
		return Mono.just("flavour=" + ((flavour != null) ? flavour.getValue() : "none"));
	}

	@GetMapping("/status/{code}")
	Mono<String> status(@PathVariable int code) {
		return Mono.error(new ResponseStatusException(HttpStatus.valueOf(code), "asked for " + code));
	}

	@GetMapping("/boom")
	Mono<String> boom() {
		return Mono.error(new IllegalStateException("boom"));
	}

	public record Greeting(String name, int count) {
	}

}
