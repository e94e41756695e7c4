package dev.undertide.boot.it;

import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.it.support.Http.RawResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Request paths sent byte for byte over a raw socket, as a client that does not normalise would. */
@UndertideWebTest
class PathNormalisationTests {

	@LocalServerPort
	int port;

	@Test
	void dotDotClimbingAboveTheRootIs400() {
		RawResponse response = get("/a/../../etc/passwd");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("root:");
	}

	@Test
	void encodedDotDotClimbingAboveTheRootIsRefused() {
		RawResponse response = get("/%2e%2e/x");
		assertThat(response.status()).isIn(400, 404);
		assertThat(response.body()).doesNotContain("root:");
	}

	@Test
	void encodedDotDotToAFileOutsideTheRootIsRefused() {
		RawResponse response = get("/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd");
		assertThat(response.status()).isIn(400, 404);
		assertThat(response.body()).doesNotContain("root:");
	}

	/** Servlet 6.1 §3.5: the servlet path and path info are decoded and normalised (a plain servlet). */
	@Test
	void dotDotStayingInsideTheRootIsResolvedBeforeServletMapping() {
		RawResponse response = get("/dispatch/nothing/../target/./info");
		assertThat(response.status()).isEqualTo(200);
		assertThat(Http.lines(response.body())).containsEntry("servletPath", "/dispatch/target")
			.containsEntry("pathInfo", "/info");
	}

	@Test
	void jsessionidPathParameterIsIgnoredForMapping() {
		RawResponse response = get("/api/plain;jsessionid=abc");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("plain");
	}

	private RawResponse get(String path) {
		return Http.raw(this.port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	}

}
