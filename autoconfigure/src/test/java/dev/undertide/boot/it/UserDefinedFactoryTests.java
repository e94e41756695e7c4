package dev.undertide.boot.it;

import dev.undertide.boot.it.app.tomcat.TomcatFactoryApplication;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.servlet.UndertideServletWebServerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** An application's own ServletWebServerFactory (Tomcat's here) makes Undertide back off. */
@SpringBootTest(classes = TomcatFactoryApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class UserDefinedFactoryTests {

	@Autowired
	ServletWebServerApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void undertideFactoryBacksOffWhenApplicationDefinesItsOwnFactory() {
		assertThat(this.context.getBeanNamesForType(UndertideServletWebServerFactory.class)).isEmpty();
	}

	@Test
	void userDefinedTomcatFactoryRunsTheServer() {
		assertThat(this.context.getWebServer()).isInstanceOf(TomcatWebServer.class);
		assertThat(Http.get(this.port, "/nothing-here").statusCode()).isEqualTo(404);
	}

}
