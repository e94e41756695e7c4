package dev.undertide.boot.autoconfigure.actuate.web.server;

import dev.undertide.boot.autoconfigure.reactive.UndertideReactiveWebServerAutoConfiguration;
import dev.undertide.boot.reactive.UndertideReactiveWebServerFactory;
import dev.undertide.reactive.ReactiveHttpHandlerAdapter;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Serves the actuator of a reactive application on {@code management.server.port}, when it differs from
 * the application's port, from a second Undertide server in Spring Boot's management child context.
 * Primary, so that it is chosen over Reactor Netty's, Tomcat's or Jetty's when one of them is still on the
 * classpath, as the application's server is.
 */
@AutoConfiguration(after = UndertideReactiveWebServerAutoConfiguration.class)
@ConditionalOnClass({ ReactiveHttpHandlerAdapter.class, ManagementContextFactory.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
@ConditionalOnBean(UndertideReactiveWebServerFactory.class)
public final class UndertideReactiveManagementContextAutoConfiguration {

	@Bean
	@Primary
	static ManagementContextFactory undertideReactiveManagementContextFactory() {
		return new ManagementContextFactory(WebApplicationType.REACTIVE, ReactiveWebServerFactory.class,
				UndertideReactiveWebServerAutoConfiguration.class);
	}

}
