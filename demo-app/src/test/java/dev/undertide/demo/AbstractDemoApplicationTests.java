package dev.undertide.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import dev.undertide.boot.UndertideWebServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo application answers over real sockets while running on Undertide; the same expectations hold on
 * Spring MVC and on WebFlux.
 */
abstract class AbstractDemoApplicationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private WebServerApplicationContext context;

	private final String sessionCookieName;

	AbstractDemoApplicationTests(String sessionCookieName) {
		this.sessionCookieName = sessionCookieName;
	}

	@Test
	void runsOnUndertide() {
		assertThat(this.context.getWebServer()).isInstanceOf(UndertideWebServer.class);
		assertThat(this.context.getWebServer().getPort()).isEqualTo(this.port);
	}

	@Test
	void eventsArriveInOrderThenTheStreamEnds() throws Exception {
		HttpResponse<String> response = get("/ticks?count=3&intervalMillis=20");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(response.body()).isEqualTo("event:tick\ndata:1\n\nevent:tick\ndata:2\n\nevent:tick\ndata:3\n\n");
	}

	@Test
	void laterAnswersAfterItsDelay() throws Exception {
		HttpResponse<String> response = get("/later?delayMillis=50");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("answered after 50 ms");
	}

	@Test
	void healthShowsTheWebServerUp() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = JsonMapper.shared().readTree(response.body());
		assertThat(health.at("/components/webServer/status").asString()).isEqualTo("UP");
		assertThat(health.at("/components/webServer/details/ioThreads").asInt()).isPositive();
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void serverMetricsArePublished() throws Exception {
		HttpResponse<String> response = get("/actuator/metrics/undertide.requests.active");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"undertide.requests.active\"");
	}

	@Test
	void greetingIsJson() throws Exception {
		HttpResponse<String> response = get("/api/greetings?name=" + encode("Ünder tide"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).isEqualTo("{\"id\":0,\"message\":\"Hello, Ünder tide!\"}");
	}

	@Test
	void createdGreetingCanBeReadBack() throws Exception {
		HttpResponse<String> created = postJson("/api/greetings", "{\"message\":\"hi there\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		String id = created.body().replaceAll(".*\"id\":(\\d+).*", "$1");
		HttpResponse<String> found = get("/api/greetings/" + id);
		assertThat(found.statusCode()).isEqualTo(200);
		assertThat(found.body()).contains("\"message\":\"hi there\"");
	}

	@Test
	void blankMessageFailsValidationWith400() throws Exception {
		HttpResponse<String> response = postJson("/api/greetings", "{\"message\":\"  \"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"status\":400").contains("\"path\":\"/api/greetings\"");
	}

	@Test
	void exceptionHandlerAnswersUnknownGreeting() throws Exception {
		HttpResponse<String> response = get("/api/greetings/999");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("No greeting with id 999");
	}

	@Test
	void uncaughtExceptionGivesBootErrorJson() throws Exception {
		HttpResponse<String> response = get("/api/greetings/fail");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("\"status\":500")
			.contains("\"error\":\"Internal Server Error\"")
			.contains("\"path\":\"/api/greetings/fail\"");
	}

	@Test
	void unknownPathGivesBootErrorJson() throws Exception {
		HttpResponse<String> response = get("/no/such/page");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"status\":404").contains("\"path\":\"/no/such/page\"");
	}

	@Test
	void formPostIsDecodedAsUtf8() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/contact"))
			.header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
			.POST(BodyPublishers.ofString("name=" + encode("Zoë") + "&message=" + encode("100% €")))
			.build();
		HttpResponse<String> response = this.client.send(request, BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"Zoë\"").contains("\"message\":\"100% €\"");
	}

	@Test
	void formWithoutAMessageIsRefusedWith400() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/contact"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("name=Zo%C3%AB"))
			.build();
		assertThat(this.client.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(400);
	}

	@Test
	void sessionCounterSurvivesAcrossRequests() throws Exception {
		HttpResponse<String> first = get("/visits");
		String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		assertThat(cookie).startsWith(this.sessionCookieName + "=");
		HttpResponse<String> second = this.client
			.send(HttpRequest.newBuilder(uri("/visits")).header("Cookie", cookie).build(), BodyHandlers.ofString());
		assertThat(first.body()).contains("\"visits\":1");
		assertThat(second.body()).contains("\"visits\":2");
		assertThat(second.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void indexPageIsServedFromStatic() throws Exception {
		HttpResponse<String> response = get("/index.html");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("<h1>Undertide demo</h1>");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(uri(path)).build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json))
			.build();
		return this.client.send(request, BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
