package dev.undertide.boot.autoconfigure.actuate.web.server;

import dev.undertide.boot.autoconfigure.servlet.UndertideServletWebServerAutoConfiguration;
import dev.undertide.boot.servlet.UndertideServletWebServerFactory;
import dev.undertide.servlet.ServletContainer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Serves the actuator on {@code management.server.port}, when it differs from the application's port, from
 * a second Undertide server in Spring Boot's management child context. Probes sent there are never queued
 * or refused behind the application's own requests. Primary, so that it is chosen over Tomcat's or Jetty's
 * when one of them is still on the classpath, as the application's server is.
 */
@AutoConfiguration(after = UndertideServletWebServerAutoConfiguration.class)
@ConditionalOnClass({ ServletContainer.class, ManagementContextFactory.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
@ConditionalOnBean(UndertideServletWebServerFactory.class)
public final class UndertideServletManagementContextAutoConfiguration {

	@Bean
	@Primary
	static ManagementContextFactory undertideServletManagementContextFactory() {
		return new ManagementContextFactory(WebApplicationType.SERVLET, ServletWebServerFactory.class,
				UndertideServletWebServerAutoConfiguration.class);
	}

}
