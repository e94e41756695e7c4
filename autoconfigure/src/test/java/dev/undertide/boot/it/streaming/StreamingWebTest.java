package dev.undertide.boot.it.streaming;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.undertide.boot.it.streaming.app.StreamingTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * {@link StreamingTestApplication} on a random port with one fixed set of properties, so the streaming
 * test classes share one application context and one running server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = StreamingTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.servlet.multipart.max-file-size=1KB",
				"spring.servlet.multipart.file-size-threshold=0" })
@interface StreamingWebTest {

}
