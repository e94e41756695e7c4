package dev.undertide.demo.servlet;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The endpoints written against the servlet stack: a counter in the {@link HttpSession}, and server-sent
 * events from an {@link SseEmitter}.
 */
@RestController("servletSessionAndEventsController")
@ConditionalOnWebApplication(type = Type.SERVLET)
class SessionAndEventsController {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@GetMapping("/visits")
	Map<String, Object> visits(HttpSession session) {
		Integer count = (Integer) session.getAttribute("visits");
		int visits = (count != null) ? count + 1 : 1;
		session.setAttribute("visits", visits);
		return Map.of("visits", visits, "session", session.getId());
	}

	/** Sends {@code count} events, one every {@code intervalMillis}, then completes. */
	@GetMapping("/ticks")
	SseEmitter ticks(@RequestParam(defaultValue = "5") int count,
			@RequestParam(defaultValue = "1000") long intervalMillis) {
		SseEmitter emitter = new SseEmitter(Duration.ofMinutes(5).toMillis());
		for (int i = 1; i <= count; i++) {
			int tick = i;
			this.scheduler.schedule(() -> {
				try {
					emitter.send(SseEmitter.event().name("tick").data(tick));
					if (tick == count) {
						emitter.complete();
					}
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			}, i * intervalMillis, TimeUnit.MILLISECONDS);
		}
		return emitter;
	}

	@PreDestroy
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

}
