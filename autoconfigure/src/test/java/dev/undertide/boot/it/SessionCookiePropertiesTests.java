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

/** {@code server.servlet.session.cookie.*} shape the session cookie. */
@SpringBootTest(classes = TestWebApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.session.cookie.name=UTSESSION",
				"server.servlet.session.cookie.same-site=strict" })
class SessionCookiePropertiesTests {

	@LocalServerPort
	int port;

	@Test
	void sessionCookieUsesConfiguredName() {
		HttpResponse<String> response = Http.get(this.port, "/session/count");
		assertThat(Http.setCookie(response, "UTSESSION").value())
			.isEqualTo(JsonPath.read(response.body(), "$.sessionId"));
		assertThat(Http.setCookies(response)).noneMatch((cookie) -> cookie.name().equals("JSESSIONID"));
	}

	@Test
	void sessionCookieCarriesConfiguredSameSite() {
		HttpResponse<String> response = Http.get(this.port, "/session/count");
		assertThat(Http.setCookie(response, "UTSESSION").attribute("SameSite")).isEqualTo("Strict");
	}

	@Test
	void sessionIsFoundThroughCookieWithConfiguredName() {
		String sessionId = Http.setCookie(Http.get(this.port, "/session/count"), "UTSESSION").value();
		HttpResponse<String> response = Http.get(this.port, "/session/count", "Cookie", "UTSESSION=" + sessionId);
		assertThat((Integer) JsonPath.read(response.body(), "$.count")).isEqualTo(2);
	}

	@Test
	void changeSessionIdSetsCookieWithConfiguredNameAndSameSite() {
		String oldId = Http.setCookie(Http.get(this.port, "/session/count"), "UTSESSION").value();
		HttpResponse<String> response = Http.post(this.port, "/session/change-id", "Cookie", "UTSESSION=" + oldId);
		Http.SetCookie cookie = Http.setCookie(response, "UTSESSION");
		assertThat(cookie.value()).isEqualTo(JsonPath.read(response.body(), "$.newId")).isNotEqualTo(oldId);
		assertThat(cookie.attribute("SameSite")).isEqualTo("Strict");
	}

	@Test
	void defaultSessionCookieNameNoLongerFindsTheSession() {
		String sessionId = Http.setCookie(Http.get(this.port, "/session/count"), "UTSESSION").value();
		HttpResponse<String> response = Http.get(this.port, "/session/peek", "Cookie", "JSESSIONID=" + sessionId);
		assertThat((String) JsonPath.read(response.body(), "$.sessionId")).isEqualTo("none");
	}

}
