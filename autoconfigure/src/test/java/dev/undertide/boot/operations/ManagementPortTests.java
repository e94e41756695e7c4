package dev.undertide.boot.operations;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.it.reactive.app.ReactiveTestApplication;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.HoldingApplication;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code management.server.port}: the actuator is served from a second Undertide server, in Spring Boot's
 * management child context, for servlet and reactive applications. Reactor Netty is on the test classpath,
 * and Undertide's management context wins over its as Undertide's server does.
 */
class ManagementPortTests {

	private final Map<String, WebServer> servers = new ConcurrentHashMap<>();

	@Test
	void actuatorOfAServletApplicationIsServedOnItsOwnPortByUndertide() throws Exception {
		try (ConfigurableApplicationContext context = start(HoldingApplication.class, "servlet")) {
			assertActuatorOnlyOnTheManagementPort();
		}
	}

	@Test
	void actuatorOfAReactiveApplicationIsServedOnItsOwnPortByUndertide() throws Exception {
		try (ConfigurableApplicationContext context = start(ReactiveTestApplication.class, "reactive")) {
			assertActuatorOnlyOnTheManagementPort();
		}
	}

	private ConfigurableApplicationContext start(Class<?> application, String webApplicationType) {
		ApplicationListener<WebServerInitializedEvent> recorder = (event) -> this.servers.put(
				Objects.requireNonNullElse(event.getApplicationContext().getServerNamespace(), "application"),
				event.getWebServer());
		return new SpringApplicationBuilder(application)
			.properties("server.port=0", "management.server.port=0", "spring.main.banner-mode=off",
					"server.shutdown=immediate", "spring.main.web-application-type=" + webApplicationType,
					RunningApplications.WITHOUT_TOMCAT_MANAGEMENT_CONTEXTS)
			.listeners(recorder)
			.run();
	}

	private void assertActuatorOnlyOnTheManagementPort() throws Exception {
		assertThat(this.servers.get("application")).isInstanceOf(UndertideWebServer.class);
		assertThat(this.servers.get("management")).isInstanceOf(UndertideWebServer.class);
		int managementPort = this.servers.get("management").getPort();
		int applicationPort = this.servers.get("application").getPort();
		assertThat(managementPort).isNotEqualTo(applicationPort);
		assertThat(Http.get(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
		assertThat(Http.get(applicationPort, "/actuator/health").statusCode()).isEqualTo(404);
	}

}
