package dev.undertide.boot.autoconfigure.health;

import dev.undertide.boot.health.UndertideWebServerHealthIndicator;
import dev.undertide.server.UndertideServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the web server's health as the {@code webServer} component, when Spring Boot's health support
 * is present; {@code management.health.webserver.enabled=false} turns it off.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnWebApplication
@ConditionalOnClass({ HealthIndicator.class, UndertideServer.class })
@ConditionalOnEnabledHealthIndicator("webserver")
public final class UndertideHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "webServerHealthIndicator")
	UndertideWebServerHealthIndicator webServerHealthIndicator(ApplicationContext context) {
		return new UndertideWebServerHealthIndicator(context);
	}

}
