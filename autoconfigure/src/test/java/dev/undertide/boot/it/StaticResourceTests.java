package dev.undertide.boot.it;

import java.net.http.HttpResponse;

import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Files under {@code classpath:/static}, served by Spring MVC's resource handling. */
@UndertideWebTest
class StaticResourceTests {

	@LocalServerPort
	int port;

	@Test
	void htmlFileIsServedAsTextHtml() {
		HttpResponse<String> response = Http.get(this.port, "/hello.html");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("static hello");
	}

	@Test
	void cssFileIsServedAsTextCss() {
		HttpResponse<String> response = Http.get(this.port, "/css/site.css");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/css"));
		assertThat(response.body()).isEqualTo("body { color: teal; }\n");
	}

}
