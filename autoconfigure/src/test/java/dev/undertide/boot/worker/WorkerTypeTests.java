package dev.undertide.boot.worker;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.undertide.boot.support.RunningApplications;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static dev.undertide.boot.support.RunningApplications.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code server.undertow.worker.type}: where application code runs. The virtual-thread cases need Java 21+;
 * {@code .ci/run} runs this class again on the newest JDK on the machine so they are exercised in CI.
 */
class WorkerTypeTests {

	private static final int JAVA = Runtime.version().feature();

	static final AtomicInteger running = new AtomicInteger();

	static final AtomicInteger mostAtOnce = new AtomicInteger();

	@Test
	void virtualWorkersRunApplicationCodeOnVirtualThreads() throws Exception {
		assumeTrue(JAVA >= 21, "virtual threads need Java 21+; this JVM is " + JAVA);
		try (ConfigurableApplicationContext context = start("server.undertow.worker.type=virtual")) {
			assertThat(get(context, "/thread?sleep=0")).isEqualTo("virtual=true");
		}
	}

	@Test
	void autoUsesVirtualThreadsWhenSpringEnablesThem() throws Exception {
		assumeTrue(JAVA >= 21, "virtual threads need Java 21+; this JVM is " + JAVA);
		try (ConfigurableApplicationContext context = start("spring.threads.virtual.enabled=true")) {
			assertThat(get(context, "/thread?sleep=0")).isEqualTo("virtual=true");
		}
	}

	@Test
	void autoUsesPlatformThreadsByDefault() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(get(context, "/thread?sleep=0")).isEqualTo("virtual=false");
		}
	}

	@Test
	void virtualOnAJvmWithoutVirtualThreadsFailsStartUp() {
		assumeTrue(JAVA < 21, "this JVM has virtual threads");
		assertThatException().isThrownBy(() -> start("server.undertow.worker.type=virtual").close())
			.withStackTraceContaining("'server.undertow.worker.type' is 'virtual'")
			.withStackTraceContaining("Java 21");
	}

	@Test
	void ioWorkersAreRefusedForAServletApplication() {
		assertThatException().isThrownBy(() -> start("server.undertow.worker.type=io").close())
			.withStackTraceContaining("'server.undertow.worker.type' is 'io'");
	}

	@Test
	void platformWorkersRunAtMostThreadsWorkerHandlersAtOnce() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.worker.type=platform",
				"server.undertow.threads.worker=4")) {
			mostAtOnce.set(0);
			List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				requests.add(send(context, "/thread?sleep=300"));
			}
			for (CompletableFuture<HttpResponse<String>> request : requests) {
				assertThat(request.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			}
			assertThat(mostAtOnce.get()).isEqualTo(4);
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return RunningApplications.start(ThreadApplication.class, properties);
	}

	private static String get(ConfigurableApplicationContext context, String path) throws Exception {
		return send(context, path).get(10, TimeUnit.SECONDS).body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ThreadApplication {

		@Bean
		ServletRegistrationBean<HttpServlet> threadServlet() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					int now = running.incrementAndGet();
					mostAtOnce.accumulateAndGet(now, Math::max);
					try {
						Thread.sleep(Long.parseLong(request.getParameter("sleep")));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					finally {
						running.decrementAndGet();
					}
					response.getWriter().print("virtual=" + isVirtual(Thread.currentThread()));
				}
			}, "/thread");
		}

		private static boolean isVirtual(Thread thread) {
			try {
				return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
			}
			catch (ReflectiveOperationException ex) {
				return false;
			}
		}

	}

}
