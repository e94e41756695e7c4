package dev.undertide.boot.autoconfigure.health;

import java.time.Duration;

import dev.undertide.boot.autoconfigure.InvalidServerPropertyException;
import dev.undertide.boot.autoconfigure.UndertideServerProperties;
import dev.undertide.boot.health.SaturationReadiness;
import dev.undertide.server.UndertideServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Sets readiness to refuse traffic while the Undertide web server stays saturated, as
 * {@code server.undertow.health.*} defines it. Needs no actuator: readiness is Spring Boot's application
 * availability, which the actuator's {@code /actuator/health/readiness} only reports.
 */
@AutoConfiguration(after = ApplicationAvailabilityAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnClass(UndertideServer.class)
@ConditionalOnBean(ApplicationAvailability.class)
@EnableConfigurationProperties(UndertideServerProperties.class)
public final class UndertideSaturationReadinessAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SaturationReadiness undertideSaturationReadiness(ApplicationContext context,
			ApplicationAvailability availability, UndertideServerProperties properties) {
		UndertideServerProperties.Health health = properties.getHealth();
		return new SaturationReadiness(context, availability, threshold(health.getSaturationThreshold()),
				grace(health.getSaturationGrace()));
	}

	private static double threshold(double threshold) {
		if (!(threshold > 0 && threshold <= 1)) {
			throw new InvalidServerPropertyException("server.undertow.health.saturation-threshold",
					Double.toString(threshold), "it is a share of the capacity", "a number above 0 and at most 1");
		}
		return threshold;
	}

	private static Duration grace(Duration grace) {
		if (grace.isNegative()) {
			throw new InvalidServerPropertyException("server.undertow.health.saturation-grace", grace.toString(),
					"it must not be negative", "a duration of 0 or more, such as 5s");
		}
		return grace;
	}

}
