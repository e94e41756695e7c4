package dev.undertide.boot.it.streaming;

import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.undertide.boot.it.streaming.RawHttpConnection.Response;
import dev.undertide.boot.it.streaming.app.StreamingTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spring.mvc.async.request-timeout} ends a request nobody answers with Spring's 503. */
@SpringBootTest(classes = StreamingTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.mvc.async.request-timeout=300ms")
class AsyncRequestTimeoutTests {

	@LocalServerPort
	int port;

	@Test
	void neverCompletedDeferredResultAnswers503AfterTheConfiguredTimeout() throws Exception {
		long start = System.nanoTime();
		Response response = RawHttpConnection.get(this.port, "/async/never", "Accept", "application/json");
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(response.status()).isEqualTo(503);
		assertThat((Integer) JsonPath.read(response.text(), "$.status")).isEqualTo(503);
		assertThat((String) JsonPath.read(response.text(), "$.path")).isEqualTo("/async/never");
		assertThat(elapsedMillis).as("the 300 ms timeout, not the container's 30 s default").isBetween(250L, 5000L);
	}

}
