package dev.undertide.boot.it;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.app.TestWebApplication;
import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = TestWebApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.servlet.context-path=/ctx")
class ContextPathTests {

	@LocalServerPort
	int port;

	@Test
	void requestUnderContextPathReachesTheController() {
		HttpResponse<String> response = Http.get(this.port, "/ctx/api/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("plain");
	}

	@Test
	void requestSeesContextPathAndServletPath() {
		HttpResponse<String> response = Http.get(this.port, "/ctx/api/paths");
		assertThat((String) JsonPath.read(response.body(), "$.contextPath")).isEqualTo("/ctx");
		assertThat((String) JsonPath.read(response.body(), "$.servletPath")).isEqualTo("/api/paths");
		assertThat((String) JsonPath.read(response.body(), "$.pathInfo")).isEqualTo("null");
		assertThat((String) JsonPath.read(response.body(), "$.requestUri")).isEqualTo("/ctx/api/paths");
	}

	@Test
	void requestOutsideContextPathIs404() {
		assertThat(Http.get(this.port, "/api/plain").statusCode()).isEqualTo(404);
	}

	@Test
	void pathThatOnlyStartsWithContextPathNameIs404() {
		assertThat(Http.get(this.port, "/ctxother/api/plain").statusCode()).isEqualTo(404);
	}

	@Test
	void contextPathWithoutTrailingSlashRedirectsToContextRoot() {
		HttpResponse<String> response = Http.get(this.port, "/ctx");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/ctx/"));
	}

	@Test
	void sessionCookiePathIsTheContextPath() {
		HttpResponse<String> response = Http.get(this.port, "/ctx/session/count");
		assertThat(Http.setCookie(response, "JSESSIONID").attribute("Path")).isEqualTo("/ctx");
	}

	@Test
	void errorJsonUnderContextPathNamesFullRequestPath() {
		HttpResponse<String> response = Http.get(this.port, "/ctx/api/boom", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat((String) JsonPath.read(response.body(), "$.path")).isEqualTo("/ctx/api/boom");
	}

}
