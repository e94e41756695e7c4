package dev.undertide.boot.it.streaming.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The application of the streaming tests; everything it contains is imported explicitly. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ AsyncController.class, BodyController.class, UploadGuards.class })
public class StreamingTestApplication {

	@Bean
	StreamingProbes streamingProbes() {
		return new StreamingProbes();
	}

}
