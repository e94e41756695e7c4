package dev.undertide.boot.support;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * An application with {@code /quick} and {@code /hold}, which holds each request until the test releases
 * it (the actuator joins in where it is on the classpath). Servlets in a servlet application, routes in a
 * reactive one ({@code spring.main.web-application-type=reactive}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class HoldingApplication {

	private static volatile CountDownLatch arrived = new CountDownLatch(0);

	private static volatile CompletableFuture<Void> release = CompletableFuture.completedFuture(null);

	/** The next {@code requests} to {@code /hold} are held until {@link #release()}. */
	public static void hold(int requests) {
		arrived = new CountDownLatch(requests);
		release = new CompletableFuture<>();
	}

	public static boolean awaitHeld() throws InterruptedException {
		return arrived.await(5, TimeUnit.SECONDS);
	}

	public static void release() {
		release.complete(null);
	}

	private static void awaitRelease() {
		try {
			release.get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Answered anyway: a test that forgot to release must not hang.
		}
	}

	@Bean
	@ConditionalOnWebApplication(type = Type.SERVLET)
	ServletRegistrationBean<HttpServlet> holdServlet() {
		return new ServletRegistrationBean<>(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				arrived.countDown();
				awaitRelease();
				response.getWriter().print("held");
			}
		}, "/hold");
	}

	@Bean
	@ConditionalOnWebApplication(type = Type.SERVLET)
	ServletRegistrationBean<HttpServlet> quickServlet() {
		return new ServletRegistrationBean<>(new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.getWriter().print("quick");
			}
		}, "/quick");
	}

	/** The reactive {@code /hold} waits without holding a thread. */
	@Bean
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	RouterFunction<ServerResponse> holdingRoutes() {
		return RouterFunctions.route()
			.GET("/hold", (request) -> {
				Mono<Void> released = Mono.fromFuture(release, true).timeout(Duration.ofSeconds(10), Mono.empty());
				arrived.countDown();
				return released.then(ServerResponse.ok().bodyValue("held"));
			})
			.GET("/quick", (request) -> ServerResponse.ok().bodyValue("quick"))
			.build();
	}

}
