package dev.undertide.boot.it;

import java.net.http.HttpResponse;

import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.it.support.Http.SetCookie;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@UndertideWebTest
class CookieTests {

	@LocalServerPort
	int port;

	@Test
	void requestCookiesAreReadWithCookieValue() {
		HttpResponse<String> response = Http.get(this.port, "/cookies/read", "Cookie", "flavour=chocolate; size=large");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("chocolate/large");
	}

	@Test
	void responseCookieHeaderArrivesWithAllItsAttributes() {
		HttpResponse<String> response = Http.get(this.port, "/cookies/response-cookie");
		SetCookie cookie = Http.setCookie(response, "token");
		assertThat(cookie.value()).isEqualTo("abc123");
		assertThat(cookie.attribute("Max-Age")).isEqualTo("3600");
		assertThat(cookie.attribute("Path")).isEqualTo("/cookies");
		assertThat(cookie.has("HttpOnly")).isTrue();
		assertThat(cookie.attribute("SameSite")).isEqualTo("Lax");
	}

	@Test
	void servletCookieArrivesWithMaxAgePathHttpOnlyAndSameSite() {
		HttpResponse<String> response = Http.get(this.port, "/cookies/servlet-cookie");
		SetCookie cookie = Http.setCookie(response, "servlet");
		assertThat(cookie.value()).isEqualTo("xyz789");
		assertThat(cookie.attribute("Max-Age")).isEqualTo("120");
		assertThat(cookie.attribute("Path")).isEqualTo("/cookies");
		assertThat(cookie.has("HttpOnly")).isTrue();
		assertThat(cookie.attribute("SameSite")).isEqualTo("Strict");
	}

}
