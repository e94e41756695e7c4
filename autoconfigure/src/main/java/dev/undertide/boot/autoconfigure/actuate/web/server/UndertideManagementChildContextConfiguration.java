package dev.undertide.boot.autoconfigure.actuate.web.server;

import dev.undertide.server.UndertideServer;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The management child context's own settings of its Undertide server, for servlet and reactive
 * applications alike.
 */
@ConditionalOnClass(UndertideServer.class)
@EnableConfigurationProperties(UndertideManagementServerProperties.class)
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class UndertideManagementChildContextConfiguration {

	@Bean
	UndertideManagementAccessLogCustomizer undertideManagementAccessLogCustomizer(
			UndertideManagementServerProperties properties) {
		return new UndertideManagementAccessLogCustomizer(properties);
	}

}
