package dev.undertide.boot.it;

import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.it.support.Http.RawResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code server.max-http-request-header-size=4KB} (set by {@link UndertideWebTest}). */
@UndertideWebTest
class RequestHeaderSizeTests {

	@LocalServerPort
	int port;

	@Test
	void headersOverTheLimitAreRefusedWith431Or400() {
		RawResponse response = Http.raw(this.port, requestWithHeaderOf(10 * 1024));
		assertThat(response.status()).isIn(400, 431);
	}

	/** 6KB is under Boot's 8KB default, so only the configured 4KB limit refuses it. */
	@Test
	void headersOverTheConfiguredLimitButUnderTheDefaultAreRefused() {
		RawResponse response = Http.raw(this.port, requestWithHeaderOf(6 * 1024));
		assertThat(response.status()).isIn(400, 431);
	}

	@Test
	void headersUnderTheLimitAreAccepted() {
		RawResponse response = Http.raw(this.port, requestWithHeaderOf(2 * 1024));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("plain");
	}

	@Test
	void normalRequestOnNewConnectionSucceedsAfterOversizedHeadersWereRefused() {
		Http.raw(this.port, requestWithHeaderOf(10 * 1024));
		assertThat(Http.get(this.port, "/api/plain").statusCode()).isEqualTo(200);
	}

	private static String requestWithHeaderOf(int bytes) {
		return "GET /api/plain HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(bytes)
				+ "\r\nConnection: close\r\n\r\n";
	}

}
