package dev.undertide.boot.it;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code server.servlet.context-parameters.greeting} and {@code application-display-name}, set by {@link UndertideWebTest}. */
@UndertideWebTest
class ServletContextPropertiesTests {

	@LocalServerPort
	int port;

	@Test
	void contextParametersAreServletContextInitParameters() {
		HttpResponse<String> response = Http.get(this.port, "/api/servlet-context");
		assertThat((String) JsonPath.read(response.body(), "$.greeting")).isEqualTo("hello-from-properties");
	}

	@Test
	void applicationDisplayNameIsServletContextName() {
		HttpResponse<String> response = Http.get(this.port, "/api/servlet-context");
		assertThat((String) JsonPath.read(response.body(), "$.displayName")).isEqualTo("undertide-it");
	}

}
