package dev.undertide.boot.it;

import dev.undertide.boot.it.app.minimal.MinimalWebApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StartupLogTests {

	@Test
	void startupLogNamesPortAndRootContextPath(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MinimalWebApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.run()) {
			int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
			assertThat(port).isPositive();
			assertThat(output).contains("Undertide started on port " + port + " (http) with context path '/'");
		}
	}

}
