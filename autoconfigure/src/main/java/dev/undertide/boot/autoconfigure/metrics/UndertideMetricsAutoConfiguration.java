package dev.undertide.boot.autoconfigure.metrics;

import dev.undertide.boot.metrics.UndertideMetricsBinder;
import dev.undertide.server.UndertideServer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Binds the {@code undertide.*} meters when Micrometer is present and the application runs on Undertide.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication
@ConditionalOnClass({ MeterRegistry.class, UndertideServer.class })
@ConditionalOnBean(MeterRegistry.class)
public final class UndertideMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	UndertideMetricsBinder undertideMetricsBinder(MeterRegistry meterRegistry, ApplicationContext context) {
		return new UndertideMetricsBinder(meterRegistry, context);
	}

}
