package dev.undertide.demo.reactive;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebSession;

/**
 * The same endpoints as the servlet stack's, written for WebFlux: a counter in the {@link WebSession},
 * and server-sent events from a {@link Flux}.
 */
@RestController("reactiveSessionAndEventsController")
@ConditionalOnWebApplication(type = Type.REACTIVE)
class SessionAndEventsController {

	@GetMapping("/visits")
	Map<String, Object> visits(WebSession session) {
		Integer count = session.getAttribute("visits");
		int visits = (count != null) ? count + 1 : 1;
		session.getAttributes().put("visits", visits);
		return Map.of("visits", visits, "session", session.getId());
	}

	/** Sends {@code count} events, one every {@code intervalMillis}, then completes. */
	@GetMapping("/ticks")
	Flux<ServerSentEvent<Integer>> ticks(@RequestParam(defaultValue = "5") int count,
			@RequestParam(defaultValue = "1000") long intervalMillis) {
		return Flux.interval(Duration.ofMillis(intervalMillis))
			.take(count)
			.map((index) -> ServerSentEvent.builder(index.intValue() + 1).event("tick").build());
	}

}
