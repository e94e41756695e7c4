package dev.undertide.boot.it;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@UndertideWebTest
class JsonRoundTripTests {

	@LocalServerPort
	int port;

	@Test
	void getReturnsJsonFromRestController() {
		HttpResponse<String> response = Http.get(this.port, "/api/hello?name=Undertide", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat((String) JsonPath.read(response.body(), "$.message")).isEqualTo("Hello Undertide");
	}

	@Test
	void postedJsonBodyIsReadAndAnsweredAsJson() {
		HttpResponse<String> response = Http.postJson(this.port, "/api/echo",
				"{\"name\":\"Zoë €\",\"count\":41,\"tags\":[\"a\",\"b\",\"c\"]}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat((String) JsonPath.read(response.body(), "$.name")).isEqualTo("Zoë €");
		assertThat((Integer) JsonPath.read(response.body(), "$.nextCount")).isEqualTo(42);
		assertThat((Integer) JsonPath.read(response.body(), "$.tagCount")).isEqualTo(3);
	}

}
