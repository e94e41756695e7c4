package dev.undertide.boot.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The WebFlux twin of {@link HoldingApplication}: {@code /quick}, and {@code /hold}, which holds each
 * request, without a thread, until the test releases it. Start it with {@link #REACTIVE}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ReactiveHoldingApplication {

	/** Spring MVC is on the test classpath too. */
	public static final String REACTIVE = "spring.main.web-application-type=reactive";

	private static volatile CountDownLatch arrived = new CountDownLatch(0);

	private static volatile Sinks.Empty<Void> release = released();

	/** The next {@code requests} to {@code /hold} are held until {@link #release()}. */
	public static void hold(int requests) {
		arrived = new CountDownLatch(requests);
		release = Sinks.empty();
	}

	public static boolean awaitHeld() throws InterruptedException {
		return arrived.await(5, TimeUnit.SECONDS);
	}

	public static void release() {
		release.tryEmitEmpty();
	}

	private static Sinks.Empty<Void> released() {
		Sinks.Empty<Void> sink = Sinks.empty();
		sink.tryEmitEmpty();
		return sink;
	}

	@Bean
	RouterFunction<ServerResponse> holdingRoutes() {
		return route().GET("/hold", (request) -> {
			Mono<Void> released = release.asMono().timeout(Duration.ofSeconds(10), Mono.empty());
			arrived.countDown();
			return released.then(ServerResponse.ok().bodyValue("held"));
		}).GET("/quick", (request) -> ServerResponse.ok().bodyValue("quick")).build();
	}

}
