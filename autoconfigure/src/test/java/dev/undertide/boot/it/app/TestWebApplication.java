package dev.undertide.boot.it.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The Spring MVC application most integration tests run against. No component scanning: everything it
 * contains is imported explicitly.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ ApiController.class, CookieController.class, SessionController.class, FilterConfiguration.class,
		DispatchServlets.class })
public class TestWebApplication {

}
