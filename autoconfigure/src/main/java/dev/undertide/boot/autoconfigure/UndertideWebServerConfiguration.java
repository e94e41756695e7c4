package dev.undertide.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWarDeployment;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Configuration shared by the servlet and reactive Undertide auto-configurations.
 */
@ConditionalOnNotWarDeployment
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UndertideServerProperties.class)
public class UndertideWebServerConfiguration {

	@Bean
	UndertideWebServerFactoryCustomizer undertideWebServerFactoryCustomizer(Environment environment,
			ServerProperties serverProperties, UndertideServerProperties undertideProperties) {
		return new UndertideWebServerFactoryCustomizer(environment, serverProperties, undertideProperties);
	}

}
