package dev.undertide.boot.it;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.it.support.Http.SetCookie;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@UndertideWebTest
class SessionTests {

	@LocalServerPort
	int port;

	@Test
	void newSessionIsTrackedWithJsessionidCookie() {
		HttpResponse<String> response = Http.get(this.port, "/session/count");
		SetCookie cookie = Http.setCookie(response, "JSESSIONID");
		assertThat(cookie.value()).isEqualTo(JsonPath.read(response.body(), "$.sessionId"));
		assertThat(cookie.attribute("Path")).isEqualTo("/");
		assertThat(cookie.has("HttpOnly")).isTrue();
	}

	@Test
	void sessionAttributeSurvivesAcrossRequestsCarryingTheSessionCookie() {
		String sessionId = startSession();
		HttpResponse<String> second = Http.get(this.port, "/session/count", "Cookie", "JSESSIONID=" + sessionId);
		HttpResponse<String> third = Http.get(this.port, "/session/count", "Cookie", "JSESSIONID=" + sessionId);
		assertThat((Integer) JsonPath.read(second.body(), "$.count")).isEqualTo(2);
		assertThat((Integer) JsonPath.read(third.body(), "$.count")).isEqualTo(3);
		assertThat((String) JsonPath.read(third.body(), "$.sessionId")).isEqualTo(sessionId);
	}

	@Test
	void requestWithoutSessionCookieGetsNoSession() {
		startSession();
		HttpResponse<String> response = Http.get(this.port, "/session/peek");
		assertThat((String) JsonPath.read(response.body(), "$.sessionId")).isEqualTo("none");
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void changeSessionIdReturnsNewIdAndSetsItInNewSessionCookie() {
		String oldId = startSession();
		HttpResponse<String> response = Http.post(this.port, "/session/change-id", "Cookie", "JSESSIONID=" + oldId);
		assertThat(response.statusCode()).isEqualTo(200);
		String newId = JsonPath.read(response.body(), "$.newId");
		assertThat(newId).isNotBlank().isNotEqualTo(oldId);
		assertThat((String) JsonPath.read(response.body(), "$.oldId")).isEqualTo(oldId);
		assertThat((String) JsonPath.read(response.body(), "$.idAfterChange")).isEqualTo(newId);
		assertThat(Http.setCookie(response, "JSESSIONID").value()).isEqualTo(newId);
	}

	@Test
	void changeSessionIdKeepsSessionAttributes() {
		String oldId = startSession();
		String newId = JsonPath.read(
				Http.post(this.port, "/session/change-id", "Cookie", "JSESSIONID=" + oldId).body(), "$.newId");
		HttpResponse<String> response = Http.get(this.port, "/session/peek", "Cookie", "JSESSIONID=" + newId);
		assertThat((String) JsonPath.read(response.body(), "$.sessionId")).isEqualTo(newId);
		assertThat((Integer) JsonPath.read(response.body(), "$.count")).isEqualTo(1);
	}

	@Test
	void oldSessionIdNoLongerFindsTheSessionAfterChangeSessionId() {
		String oldId = startSession();
		Http.post(this.port, "/session/change-id", "Cookie", "JSESSIONID=" + oldId);
		HttpResponse<String> response = Http.get(this.port, "/session/peek", "Cookie", "JSESSIONID=" + oldId);
		assertThat((String) JsonPath.read(response.body(), "$.sessionId")).isEqualTo("none");
	}

	/** Creates a session with count 1 and returns its id. */
	private String startSession() {
		HttpResponse<String> response = Http.get(this.port, "/session/count");
		assertThat((Integer) JsonPath.read(response.body(), "$.count")).isEqualTo(1);
		return Http.setCookie(response, "JSESSIONID").value();
	}

}
