package dev.undertide.boot.accesslog;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.support.RunningApplications;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the access log tests send requests to.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AccessLogApplication.Endpoints.class)
class AccessLogApplication {

	static volatile CountDownLatch arrived = new CountDownLatch(0);

	static volatile CountDownLatch release = new CountDownLatch(0);

	/** Starts the application with the access log enabled in {@code dir}, plus {@code properties}. */
	static ConfigurableApplicationContext start(Path dir, String... properties) {
		String[] all = new String[properties.length + 2];
		all[0] = "server.undertow.accesslog.enabled=true";
		all[1] = "server.undertow.accesslog.dir=" + dir;
		System.arraycopy(properties, 0, all, 2, properties.length);
		return RunningApplications.start(AccessLogApplication.class, all);
	}

	/** Makes the next request to {@code /hold} wait until {@link #release} is counted down. */
	static void holdNextRequest() {
		arrived = new CountDownLatch(1);
		release = new CountDownLatch(1);
	}

	@RestController
	static class Endpoints {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/slow")
		String slow(@RequestParam long millis) throws InterruptedException {
			Thread.sleep(millis);
			return "slow";
		}

		@GetMapping("/id")
		String id(HttpServletRequest request) {
			return request.getRequestId();
		}

		@GetMapping("/hold")
		String hold() throws InterruptedException {
			arrived.countDown();
			release.await(10, TimeUnit.SECONDS);
			return "held";
		}

		@PostMapping("/upload")
		String upload(@RequestBody String body) {
			return Integer.toString(body.length());
		}

	}

}
