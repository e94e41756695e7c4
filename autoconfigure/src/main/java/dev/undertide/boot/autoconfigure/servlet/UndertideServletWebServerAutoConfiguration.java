package dev.undertide.boot.autoconfigure.servlet;

import dev.undertide.boot.UndertideBuilderCustomizer;
import dev.undertide.boot.autoconfigure.UndertideWebServerConfiguration;
import dev.undertide.boot.servlet.UndertideServletWebServerFactory;
import dev.undertide.servlet.ServletContainer;
import io.undertow.Undertow;
import jakarta.servlet.ServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.web.server.autoconfigure.servlet.ServletWebServerConfiguration;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Runs a servlet web application on Undertide. Ordered before Boot's Tomcat and Jetty auto-configurations
 * so that adding the starter is enough even when one of them is still on the classpath; backs off when the
 * application defines its own {@link ServletWebServerFactory}.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration" })
@ConditionalOnClass({ ServletRequest.class, Undertow.class, ServletContainer.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@Import({ UndertideWebServerConfiguration.class, ServletWebServerConfiguration.class })
public final class UndertideServletWebServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(value = ServletWebServerFactory.class, search = SearchStrategy.CURRENT)
	UndertideServletWebServerFactory undertideServletWebServerFactory(
			ObjectProvider<UndertideBuilderCustomizer> builderCustomizers) {
		UndertideServletWebServerFactory factory = new UndertideServletWebServerFactory();
		factory.addBuilderCustomizers(builderCustomizers.orderedStream().toArray(UndertideBuilderCustomizer[]::new));
		return factory;
	}

}
