package dev.undertide.boot.it.app.tomcat;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Bean;

/** An application that defines its own {@code ServletWebServerFactory}: Tomcat's. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class TomcatFactoryApplication {

	@Bean
	TomcatServletWebServerFactory tomcatServletWebServerFactory() {
		return new TomcatServletWebServerFactory();
	}

}
