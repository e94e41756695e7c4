package dev.undertide.boot.limits;

import java.util.concurrent.TimeUnit;

import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.decode-slash} and its older name {@code allow-encoded-slash}: an encoded slash stays
 * %2F in servlet paths unless decoding it is asked for.
 */
class EncodedSlashPropertiesTests {

	@Test
	void encodedSlashStaysEncodedByDefault() throws Exception {
		assertThat(servletPathOf()).startsWith("path=/echo/a%2Fb;");
	}

	@Test
	void decodeSlashTurnsItIntoASeparator() throws Exception {
		assertThat(servletPathOf("server.undertow.decode-slash=true")).startsWith("path=/echo/a/b;");
	}

	@Test
	void allowEncodedSlashIsTheOlderNameForTheSame() throws Exception {
		assertThat(servletPathOf("server.undertow.allow-encoded-slash=true")).startsWith("path=/echo/a/b;");
	}

	private static String servletPathOf(String... properties) throws Exception {
		try (ConfigurableApplicationContext context = RunningApplications
			.start(ConnectionPropertiesTests.EchoApplication.class, properties)) {
			return send(context, "/echo/a%2Fb").get(5, TimeUnit.SECONDS).body();
		}
	}

}
