package dev.undertide.boot.operations;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.HoldingApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code management.server.port}: the actuator is served from a second Undertide server, in Spring Boot's
 * management child context. Tomcat's management context is excluded, as it is absent from an application
 * on the starter.
 */
class ManagementPortTests {

	private static final String TOMCAT_MANAGEMENT_CONTEXT = "org.springframework.boot.tomcat.autoconfigure.actuate.web."
			+ "server.TomcatServletManagementContextAutoConfiguration";

	@Test
	void actuatorOnASeparatePortIsServedByUndertide() {
		Map<String, WebServer> servers = new ConcurrentHashMap<>();
		ApplicationListener<WebServerInitializedEvent> recorder = (event) -> servers.put(
				Objects.requireNonNullElse(event.getApplicationContext().getServerNamespace(), "application"),
				event.getWebServer());
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(HoldingApplication.class)
			.properties("server.port=0", "management.server.port=0", "spring.main.banner-mode=off",
					"server.shutdown=immediate", "spring.autoconfigure.exclude=" + TOMCAT_MANAGEMENT_CONTEXT)
			.listeners(recorder)
			.run()) {
			assertThat(servers.get("management")).isInstanceOf(UndertideWebServer.class);
			int managementPort = servers.get("management").getPort();
			int applicationPort = servers.get("application").getPort();
			assertThat(managementPort).isNotEqualTo(applicationPort);
			assertThat(Http.get(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
			assertThat(Http.get(applicationPort, "/actuator/health").statusCode()).isEqualTo(404);
		}
	}

}
