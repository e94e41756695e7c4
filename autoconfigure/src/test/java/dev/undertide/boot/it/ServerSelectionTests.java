package dev.undertide.boot.it;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.servlet.UndertideServletWebServerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** Undertide wins over Tomcat, which is on the test classpath. */
@UndertideWebTest
class ServerSelectionTests {

	@Autowired
	ServletWebServerApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void undertideRunsTheServerEvenWithTomcatOnTheClasspath() {
		assertThat(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null)).isTrue();
		assertThat(ClassUtils.isPresent("org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory",
				null)).isTrue();
		assertThat(this.context.getWebServer()).isInstanceOf(UndertideWebServer.class);
		assertThat(this.context.getWebServer().getPort()).isEqualTo(this.port);
	}

	@Test
	void undertideFactoryIsTheOnlyServletWebServerFactory() {
		assertThat(this.context.getBeansOfType(ServletWebServerFactory.class).values()).singleElement()
			.isInstanceOf(UndertideServletWebServerFactory.class);
	}

}
