package dev.undertide.boot.it;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forward and include from plain servlets (Servlet 6.1 §9): "/dispatch/forward" forwards to
 * "/dispatch/target/info?via=forward"; "/dispatch/include" writes around an include of
 * "/dispatch/included".
 */
@UndertideWebTest
class RequestDispatcherTests {

	@LocalServerPort
	int port;

	@Test
	void forwardTargetSeesItsOwnPathsAndDispatcherType() {
		Map<String, String> seen = forward();
		assertThat(seen).containsEntry("dispatcherType", "FORWARD")
			.containsEntry("requestUri", "/dispatch/target/info")
			.containsEntry("servletPath", "/dispatch/target")
			.containsEntry("pathInfo", "/info");
	}

	@Test
	void forwardSetsForwardRequestUriAndServletPathAttributes() {
		Map<String, String> seen = forward();
		assertThat(seen).containsEntry("forward.request_uri", "/dispatch/forward")
			.containsEntry("forward.servlet_path", "/dispatch/forward");
	}

	@Test
	void forwardQueryStringParametersAreVisibleToTarget() {
		assertThat(forward()).containsEntry("via", "forward");
	}

	@Test
	void forwardDiscardsOutputBufferedBeforeIt() {
		HttpResponse<String> response = Http.get(this.port, "/dispatch/forward");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("written-before-forward").startsWith("dispatcherType=");
	}

	@Test
	void includedOutputIsConcatenatedWithIncluderOutput() {
		String body = include().body();
		assertThat(body).startsWith("before|[").endsWith("]|after");
	}

	@Test
	void includedServletSeesIncludeAttributesAndIncluderPaths() {
		String body = include().body();
		String seen = body.substring(body.indexOf('[') + 1, body.indexOf(']'));
		assertThat(seen.split(";")).containsExactly("dispatcherType=INCLUDE", "requestUri=/dispatch/include",
				"servletPath=/dispatch/include",
				"include.request_uri=/dispatch/included", "include.servlet_path=/dispatch/included");
	}

	@Test
	void headersSetByIncludedServletAreIgnored() {
		HttpResponse<String> response = include();
		assertThat(response.headers().firstValue("X-Included")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
	}

	@Test
	void statusSetByIncludedServletIsIgnored() {
		assertThat(include().statusCode()).isEqualTo(200);
	}

	private Map<String, String> forward() {
		HttpResponse<String> response = Http.get(this.port, "/dispatch/forward");
		assertThat(response.statusCode()).isEqualTo(200);
		return Http.lines(response.body());
	}

	private HttpResponse<String> include() {
		return Http.get(this.port, "/dispatch/include");
	}

}
