package dev.undertide.boot.it;

import java.net.http.HttpResponse;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Parameters as {@code HttpServletRequest.getParameterMap()} reports them. */
@UndertideWebTest
class RequestParameterTests {

	private static final String UNICODE = "Ünïcødé €";

	@LocalServerPort
	int port;

	@Test
	void utf8QueryParameterIsDecoded() {
		HttpResponse<String> response = Http.get(this.port, "/api/params?text=" + Http.encode(UNICODE));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(values(response, "text")).containsExactly(UNICODE);
	}

	@Test
	void utf8FormParameterIsDecoded() {
		HttpResponse<String> response = Http.postForm(this.port, "/api/params", "text=" + Http.encode(UNICODE));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(values(response, "text")).containsExactly(UNICODE);
	}

	@Test
	void multiValuedQueryParameterKeepsAllValuesInOrder() {
		HttpResponse<String> response = Http.get(this.port, "/api/params?tag=one&tag=two&tag=three");
		assertThat(values(response, "tag")).containsExactly("one", "two", "three");
	}

	@Test
	void multiValuedFormParameterKeepsAllValuesInOrder() {
		HttpResponse<String> response = Http.postForm(this.port, "/api/params", "tag=one&tag=two&tag=three");
		assertThat(values(response, "tag")).containsExactly("one", "two", "three");
	}

	@Test
	void queryParameterValuesComeBeforeFormBodyValues() {
		HttpResponse<String> response = Http.postForm(this.port, "/api/params?tag=q1&tag=q2", "tag=b1&tag=b2");
		assertThat(values(response, "tag")).containsExactly("q1", "q2", "b1", "b2");
	}

	@Test
	void plusAndEncodedSpecialCharactersInQueryAreDecoded() {
		HttpResponse<String> response = Http.get(this.port, "/api/params?q=a+b%26c%3Dd");
		assertThat(values(response, "q")).containsExactly("a b&c=d");
	}

	private static List<String> values(HttpResponse<String> response, String name) {
		return JsonPath.read(response.body(), "$['" + name + "']");
	}

}
