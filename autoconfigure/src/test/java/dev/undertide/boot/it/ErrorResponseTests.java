package dev.undertide.boot.it;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors reach Spring Boot's {@code /error} through the container's error page and come back as JSON. */
@UndertideWebTest
class ErrorResponseTests {

	@LocalServerPort
	int port;

	@Test
	void unmappedPathGivesBootErrorJsonWith404() {
		HttpResponse<String> response = Http.get(this.port, "/no/such/path", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		assertBootErrorJson(response, 404, "Not Found", "/no/such/path");
	}

	@Test
	void uncaughtExceptionGivesBootErrorJsonWith500() {
		HttpResponse<String> response = Http.get(this.port, "/api/boom", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(500);
		assertBootErrorJson(response, 500, "Internal Server Error", "/api/boom");
	}

	@Test
	void beanValidationFailureOfRequestBodyGives400() {
		HttpResponse<String> response = Http.postJson(this.port, "/api/validated", "{\"name\":\" \",\"count\":0}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertBootErrorJson(response, 400, "Bad Request", "/api/validated");
	}

	private static void assertBootErrorJson(HttpResponse<String> response, int status, String error, String path) {
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		String body = response.body();
		assertThat((Integer) JsonPath.read(body, "$.status")).isEqualTo(status);
		assertThat((String) JsonPath.read(body, "$.error")).isEqualTo(error);
		assertThat((String) JsonPath.read(body, "$.path")).isEqualTo(path);
		assertThat((Object) JsonPath.read(body, "$.timestamp")).isNotNull();
	}

}
