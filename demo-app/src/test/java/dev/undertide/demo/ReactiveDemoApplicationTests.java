package dev.undertide.demo;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

/** The demo on Spring WebFlux, with the {@code reactive} profile the README names. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("reactive")
class ReactiveDemoApplicationTests extends AbstractDemoApplicationTests {

	ReactiveDemoApplicationTests() {
		super("SESSION");
	}

}
