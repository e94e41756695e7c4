package dev.undertide.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Asynchronous endpoints: server-sent events and a delayed answer.
 */
@RestController
class TickController {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

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

	/** Answers after a delay without holding a server thread meanwhile. */
	@GetMapping("/later")
	CompletableFuture<String> later(@RequestParam(defaultValue = "500") long delayMillis) {
		return CompletableFuture.supplyAsync(() -> "answered after " + delayMillis + " ms",
				CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
	}

}
