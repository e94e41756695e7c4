package dev.undertide.boot.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.undertide.boot.it.app.TestWebApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * {@link TestWebApplication} on a random port with one fixed set of properties, so that every test class
 * using it shares one application context (and one running server) through Spring's test context cache.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = TestWebApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.max-http-request-header-size=4KB",
				"server.servlet.context-parameters.greeting=hello-from-properties",
				"server.servlet.application-display-name=undertide-it" })
public @interface UndertideWebTest {

}
