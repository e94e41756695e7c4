package dev.undertide.boot.accesslog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.undertow.accesslog.pattern}: the {@code common} and {@code combined} formats field by
 * field, and patterns of undertow's tokens, including the duration and the request id.
 */
class AccessLogFormatTests {

	private static final Pattern COMMON = Pattern
		.compile("(?<host>\\S+) (?<ident>\\S+) (?<user>\\S+) \\[(?<time>[^]]+)] \"(?<request>[^\"]*)\" "
				+ "(?<status>\\d{3}) (?<bytes>\\S+)(?<rest>.*)");

	private static final DateTimeFormatter COMMON_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
			Locale.US);

	@TempDir
	Path logs;

	@Test
	void commonIsTheDefaultAndLogsHostIdentUserTimeRequestLineStatusAndBytes() throws Exception {
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.logs)) {
			assertThat(Http.get(port(context), "/hello?name=x").body()).isEqualTo("hello");
		}
		Matcher line = single(AccessLogLines.read(this.logs.resolve("access_log.log")));
		assertThat(line.group("host")).isEqualTo("127.0.0.1");
		assertThat(line.group("ident")).isEqualTo("-");
		assertThat(line.group("user")).isEqualTo("-");
		OffsetDateTime time = OffsetDateTime.parse(line.group("time"), COMMON_TIME);
		assertThat(Duration.between(time, OffsetDateTime.now()).abs()).isLessThan(Duration.ofMinutes(1));
		assertThat(line.group("request")).isEqualTo("GET /hello?name=x HTTP/1.1");
		assertThat(line.group("status")).isEqualTo("200");
		assertThat(line.group("bytes")).isEqualTo("5");
		assertThat(line.group("rest")).isEmpty();
	}

	@Test
	void combinedAddsRefererAndUserAgentWithADashForAMissingOne() throws Exception {
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.logs,
				"server.undertow.accesslog.pattern=combined")) {
			Http.get(port(context), "/hello", "Referer", "http://example.com/from", "User-Agent", "LogTest/1.0");
			Http.get(port(context), "/nothing-here", "User-Agent", "LogTest/2.0");
		}
		List<String> lines = AccessLogLines.read(this.logs.resolve("access_log.log"));
		assertThat(lines).hasSize(2);
		Matcher first = matchCommon(lines.get(0));
		assertThat(first.group("request")).isEqualTo("GET /hello HTTP/1.1");
		assertThat(first.group("status")).isEqualTo("200");
		assertThat(first.group("bytes")).isEqualTo("5");
		assertThat(first.group("rest")).isEqualTo(" \"http://example.com/from\" \"LogTest/1.0\"");
		Matcher second = matchCommon(lines.get(1));
		assertThat(second.group("request")).isEqualTo("GET /nothing-here HTTP/1.1");
		assertThat(second.group("status")).isEqualTo("404");
		assertThat(second.group("rest")).isEqualTo(" \"-\" \"LogTest/2.0\"");
	}

	@Test
	void customPatternLogsARequestHeaderAndTheDurationInMilliseconds() throws Exception {
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.logs,
				"server.undertow.accesslog.pattern=%m %U %s %{i,X-Trace-Id} %D")) {
			Http.get(port(context), "/slow?millis=150", "X-Trace-Id", "trace-42");
		}
		List<String> lines = AccessLogLines.read(this.logs.resolve("access_log.log"));
		assertThat(lines).hasSize(1);
		String[] fields = lines.get(0).split(" ");
		assertThat(fields).hasSize(5);
		assertThat(fields[0]).isEqualTo("GET");
		assertThat(fields[1]).isEqualTo("/slow");
		assertThat(fields[2]).isEqualTo("200");
		assertThat(fields[3]).isEqualTo("trace-42");
		assertThat(Long.parseLong(fields[4])).isBetween(150L, 10_000L);
	}

	@Test
	void requestIdTokenLogsTheIdTheApplicationSees() throws Exception {
		String firstId;
		String secondId;
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.logs,
				"server.undertow.accesslog.pattern=%{REQUEST_ID} %U")) {
			firstId = Http.get(port(context), "/id").body();
			secondId = Http.get(port(context), "/id").body();
		}
		assertThat(firstId).isNotBlank().isNotEqualTo(secondId);
		assertThat(AccessLogLines.read(this.logs.resolve("access_log.log"))).containsExactly(firstId + " /id",
				secondId + " /id");
	}

	private static Matcher single(List<String> lines) {
		assertThat(lines).hasSize(1);
		return matchCommon(lines.get(0));
	}

	private static Matcher matchCommon(String line) {
		Matcher matcher = COMMON.matcher(line);
		assertThat(matcher.matches()).as("'%s' has the common format", line).isTrue();
		return matcher;
	}

}
