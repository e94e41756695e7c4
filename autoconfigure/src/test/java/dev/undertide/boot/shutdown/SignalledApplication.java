package dev.undertide.boot.shutdown;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * An application for a JVM of its own, to be stopped by a signal: {@code /block} never answers. The first
 * argument is the stack, {@code servlet} or {@code reactive}; the port it listens on is in its log, and
 * {@value #BLOCKING} is printed when a request reached {@code /block}.
 */
public final class SignalledApplication {

	static final String BLOCKING = "blocking a request for good";

	static final Duration TIMEOUT_PER_SHUTDOWN_PHASE = Duration.ofSeconds(2);

	private SignalledApplication() {
	}

	public static void main(String[] args) {
		String stack = args[0];
		new SpringApplicationBuilder("reactive".equals(stack) ? Reactive.class : Servlet.class)
			.properties("server.port=0", "server.shutdown=graceful", "spring.main.banner-mode=off",
					"spring.main.web-application-type=" + stack,
					"spring.lifecycle.timeout-per-shutdown-phase=" + TIMEOUT_PER_SHUTDOWN_PHASE.toMillis() + "ms")
			.run();
	}

	private static void blocking() {
		System.out.println(BLOCKING);
		System.out.flush();
	}

	/** A servlet that blocks its worker thread forever, deaf to interrupts. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Servlet {

		@Bean
		ServletRegistrationBean<HttpServlet> blockServlet() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) {
					blocking();
					CountDownLatch never = new CountDownLatch(1);
					while (true) {
						try {
							never.await();
						}
						catch (InterruptedException ex) {
							// Blocked for good: a stop's interrupt changes nothing.
						}
					}
				}
			}, "/block");
		}

	}

	/** A handler whose answer never comes. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Reactive {

		@Bean
		RouterFunction<ServerResponse> blockRoute() {
			return route().GET("/block", (request) -> {
				blocking();
				return Mono.never();
			}).build();
		}

	}

}
