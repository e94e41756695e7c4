package dev.undertide.boot.shutdown;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a Spring Boot application lets the request in flight finish before the servlet context is
 * destroyed, so the application's shutdown hooks never run under a request still being served.
 */
class ContextShutdownOrderTests {

	static final List<String> events = new CopyOnWriteArrayList<>();

	static final CountDownLatch requestArrived = new CountDownLatch(1);

	@Test
	void contextIsDestroyedOnlyAfterTheRequestInFlightFinished() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SlowApplication.class)
			.properties("server.port=0", "server.shutdown=graceful", "spring.main.banner-mode=off")
			.run();
		int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
		CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
					BodyHandlers.ofString());
		assertThat(requestArrived.await(5, TimeUnit.SECONDS)).isTrue();
		context.close();
		assertThat(inFlight.get(5, TimeUnit.SECONDS).body()).isEqualTo("finished");
		assertThat(events).containsExactly("request finished", "contextDestroyed");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SlowApplication {

		@Bean
		ServletRegistrationBean<HttpServlet> slowServlet() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					requestArrived.countDown();
					try {
						Thread.sleep(500);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					response.getWriter().print("finished");
					response.flushBuffer();
					events.add("request finished");
				}
			}, "/slow");
		}

		@Bean
		ServletListenerRegistrationBean<ServletContextListener> recordingListener() {
			return new ServletListenerRegistrationBean<>(new ServletContextListener() {
				@Override
				public void contextDestroyed(ServletContextEvent event) {
					events.add("contextDestroyed");
				}
			});
		}

	}

}
