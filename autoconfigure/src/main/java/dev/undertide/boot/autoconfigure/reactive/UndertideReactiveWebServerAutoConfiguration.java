package dev.undertide.boot.autoconfigure.reactive;

import dev.undertide.boot.UndertideBuilderCustomizer;
import dev.undertide.boot.autoconfigure.UndertideWebServerConfiguration;
import dev.undertide.boot.reactive.UndertideReactiveWebServerFactory;
import dev.undertide.reactive.ReactiveHttpHandlerAdapter;
import io.undertow.Undertow;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.server.autoconfigure.reactive.ReactiveWebServerConfiguration;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ReactiveHttpInputMessage;

/**
 * Runs a reactive web application on Undertide. Ordered before Boot's Reactor Netty, Tomcat and Jetty
 * auto-configurations so that adding the starter is enough even when one of them is still on the
 * classpath; backs off when the application defines its own {@link ReactiveWebServerFactory}.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration",
		"org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration" })
@ConditionalOnClass({ ReactiveHttpInputMessage.class, Undertow.class, ReactiveHttpHandlerAdapter.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@Import({ UndertideWebServerConfiguration.class, ReactiveWebServerConfiguration.class })
public final class UndertideReactiveWebServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveWebServerFactory.class)
	UndertideReactiveWebServerFactory undertideReactiveWebServerFactory(
			ObjectProvider<UndertideBuilderCustomizer> builderCustomizers) {
		UndertideReactiveWebServerFactory factory = new UndertideReactiveWebServerFactory();
		factory.addBuilderCustomizers(builderCustomizers.orderedStream().toArray(UndertideBuilderCustomizer[]::new));
		return factory;
	}

}
