package dev.undertide.demo;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The demo on Spring MVC, its default. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ServletDemoApplicationTests extends AbstractDemoApplicationTests {

	ServletDemoApplicationTests() {
		super("JSESSIONID");
	}

}
