package dev.undertide.boot.accesslog;

import java.nio.file.Path;

import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A {@code server.undertow.accesslog.*} value Undertide cannot use stops start-up, naming the property, the
 * value and what is allowed, rather than writing a log nobody can use.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessLogPropertiesTests {

	@TempDir
	Path logs;

	@Test
	void unknownPatternTokenIsReportedWithTheAllowedTokens(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> AccessLogApplication.start(this.logs, "server.undertow.accesslog.pattern=%h %Z").close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Undertide cannot start with the property 'server.undertow.accesslog.pattern' set to '%h %Z': "
					+ "undertow does not know the token %Z")
			.contains("Set 'server.undertow.accesslog.pattern' to one of: common, combined,")
			.contains("%{i,Name}");
		assertThat(this.logs).isEmptyDirectory();
	}

	@Test
	void unbalancedBraceInThePatternFailsStartUp() {
		assertThatException()
			.isThrownBy(() -> AccessLogApplication.start(this.logs, "server.undertow.accesslog.pattern=%{i,Referer")
				.close())
			.withStackTraceContaining("Property 'server.undertow.accesslog.pattern' is '%{i,Referer'");
	}

	@Test
	void prefixWithAPathSeparatorFailsStartUp() {
		assertThatException()
			.isThrownBy(() -> AccessLogApplication.start(this.logs, "server.undertow.accesslog.prefix=sub/access.")
				.close())
			.withStackTraceContaining("Property 'server.undertow.accesslog.prefix' is 'sub/access.'")
			.withStackTraceContaining("server.undertow.accesslog.dir");
	}

	@Test
	void emptyPrefixAndSuffixFailStartUp() {
		assertThatException()
			.isThrownBy(() -> AccessLogApplication
				.start(this.logs, "server.undertow.accesslog.prefix=", "server.undertow.accesslog.suffix=")
				.close())
			.withStackTraceContaining("Property 'server.undertow.accesslog.prefix' is ''")
			.withStackTraceContaining("the log file would have no name");
	}

	@Test
	void disabledAccessLogIsNotChecked() throws Exception {
		try (ConfigurableApplicationContext context = RunningApplications.start(AccessLogApplication.class,
				"server.undertow.accesslog.pattern=%Z")) {
			assertThat(context.isActive()).isTrue();
		}
	}

}
