package dev.undertide.boot.it.reactive;

import java.net.http.HttpResponse;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.reactive.UndertideReactiveWebServerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests and responses of a WebFlux application on Undertide, over real sockets. */
@ReactiveWebTest
class ReactiveBasicsTests {

	@Autowired
	ReactiveWebServerApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void undertideRunsTheServerEvenWithReactorNettyOnTheClasspath() {
		assertThat(ClassUtils.isPresent("reactor.netty.http.server.HttpServer", null)).isTrue();
		assertThat(ClassUtils.isPresent("org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory",
				null)).isTrue();
		assertThat(this.context.getWebServer()).isInstanceOf(UndertideWebServer.class);
		assertThat(this.context.getBeansOfType(ReactiveWebServerFactory.class).values()).singleElement()
			.isInstanceOf(UndertideReactiveWebServerFactory.class);
	}

	@Test
	void monoBodyIsWrittenWithItsLength() {
		HttpResponse<String> response = Http.get(this.port, "/hello");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello from webflux");
		assertThat(response.headers().firstValue("Content-Length")).hasValue("18");
	}

	@Test
	void handlersRunOnTheIoThreadByDefault() {
		assertThat(Http.get(this.port, "/thread").body()).contains("I/O");
	}

	@Test
	void jsonRoundTripsThroughMonoRequestBody() {
		HttpResponse<String> response = Http.postJson(this.port, "/greetings", "{\"name\":\"ada\",\"count\":41}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).isEqualTo("{\"name\":\"ADA\",\"count\":42}");
	}

	@Test
	void fluxRequestBodyIsDecodedElementByElement() {
		HttpResponse<String> response = Http.postJson(this.port, "/names",
				"[{\"name\":\"a\",\"count\":1},{\"name\":\"b\",\"count\":2}]", "Accept", "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("a;b;");
	}

	@Test
	void requestExposesIdAddressesUriAndQuery() {
		HttpResponse<String> first = Http.get(this.port, "/request-info?q=a%20b&r=1");
		HttpResponse<String> second = Http.get(this.port, "/request-info");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains("\"remote\":\"127.0.0.1\"")
			.contains("\"localPort\":" + this.port)
			.contains("\"uri\":\"http://localhost:" + this.port + "/request-info?q=a%20b&r=1\"")
			.contains("\"query\":\"{q=[a b], r=[1]}\"");
		assertThat(id(first)).isNotBlank().isNotEqualTo(id(second));
	}

	private static String id(HttpResponse<String> response) {
		return response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
	}

	@Test
	void headersAreCaseInsensitiveAndKeepEveryValueBothWays() {
		HttpResponse<String> response = Http.get(this.port, "/headers", "X-Multi", "one", "x-multi", "two");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("one");
		assertThat(response.headers().allValues("X-Echo")).containsExactly("one", "two", "last");
	}

	@Test
	void cookiesAreReadAndSet() {
		HttpResponse<String> response = Http.get(this.port, "/cookies", "Cookie", "flavour=oat; other=x");
		assertThat(response.body()).isEqualTo("flavour=oat");
		Http.SetCookie seen = Http.setCookie(response, "seen");
		assertThat(seen.value()).isEqualTo("yes");
		assertThat(seen.has("HttpOnly")).isTrue();
		assertThat(seen.attribute("SameSite")).isEqualTo("Lax");
	}

	@Test
	void headAnswersWithTheHeadersOfGetAndNoBody() {
		Http.RawResponse head = Http.raw(this.port,
				"HEAD /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.header("Content-Length")).containsExactly("18");
		assertThat(head.body()).isEmpty();
	}

	@Test
	void functionalRoutesAreServed() {
		HttpResponse<String> response = Http.get(this.port, "/fn/hello/grace");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("functional hello grace");
	}

	@Test
	void responseStatusExceptionBecomesBootsErrorJson() {
		HttpResponse<String> response = Http.get(this.port, "/status/418", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(418);
		assertThat(response.body()).contains("\"status\":418").contains("\"path\":\"/status/418\"")
			.containsPattern("\"requestId\":\"[0-9]+\"");
	}

	@Test
	void failingHandlerBecomesBootsErrorJsonWith500() {
		HttpResponse<String> response = Http.get(this.port, "/boom", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("\"status\":500").contains("\"path\":\"/boom\"");
	}

	@Test
	void unknownPathIs404WithBootsErrorJson() {
		HttpResponse<String> response = Http.get(this.port, "/nowhere", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"status\":404");
	}

	@Test
	void requestTargetThatIsNoUriIsAnswered400AndTheServerGoesOn() {
		Http.RawResponse response = Http.raw(this.port,
				"GET /a|b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(response.status()).isEqualTo(400);
		assertThat(Http.get(this.port, "/hello").statusCode()).isEqualTo(200);
	}

}
