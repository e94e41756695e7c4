package dev.undertide.boot.accesslog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code server.undertow.accesslog.enabled}, {@code dir}, {@code prefix}, {@code suffix} and
 * {@code rotate}: which file the lines go to, daily rotation as Spring Boot 3.5's Undertow did it, and
 * that every line is in the file, and the file closed, once the application is closed.
 */
class AccessLogFileTests {

	@TempDir
	Path temp;

	@Test
	void disabledByDefault() throws Exception {
		Path logs = this.temp.resolve("logs");
		try (ConfigurableApplicationContext context = RunningApplications.start(AccessLogApplication.class,
				"server.undertow.accesslog.dir=" + logs)) {
			assertThat(Http.get(port(context), "/hello").statusCode()).isEqualTo(200);
		}
		assertThat(logs).doesNotExist();
	}

	@Test
	void linesGoToAccessLogDotLogByDefault() throws Exception {
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.temp)) {
			Http.get(port(context), "/hello");
			assertThat(AccessLogLines.await(this.temp.resolve("access_log.log"), 1).get(0))
				.contains("\"GET /hello HTTP/1.1\" 200 5");
			assertThat(files(this.temp)).containsExactly("access_log.log");
		}
	}

	@Test
	void linesGoToPrefixPlusSuffixInTheDirectoryWhichIsCreated() throws Exception {
		Path logs = this.temp.resolve("nested/logs");
		try (ConfigurableApplicationContext context = AccessLogApplication.start(logs,
				"server.undertow.accesslog.prefix=requests.", "server.undertow.accesslog.suffix=txt")) {
			Http.get(port(context), "/hello");
			assertThat(AccessLogLines.await(logs.resolve("requests.txt"), 1).get(0)).contains("\"GET /hello HTTP/1.1\"");
			assertThat(files(logs)).containsExactly("requests.txt");
		}
	}

	@Test
	void directoryThatCannotBeCreatedFailsStartUp() throws Exception {
		Path notADirectory = Files.writeString(this.temp.resolve("logs"), "a file");
		assertThatException().isThrownBy(() -> AccessLogApplication.start(notADirectory).close())
			.withStackTraceContaining("Cannot create the access log directory '" + notADirectory + "'");
	}

	@Test
	void linesOfTheLastRequestsAreInTheFileOnceTheApplicationIsClosed() throws Exception {
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.temp)) {
			for (int i = 0; i < 20; i++) {
				Http.get(port(context), "/hello?n=" + i);
			}
		}
		List<String> lines = AccessLogLines.read(this.temp.resolve("access_log.log"));
		assertThat(lines).hasSize(20);
		for (int i = 0; i < 20; i++) {
			assertThat(lines.get(i)).endsWith("\"GET /hello?n=" + i + " HTTP/1.1\" 200 5");
		}
	}

	@Test
	void theFileAndTheWriterThreadAreReleasedWhenTheApplicationIsClosed() throws Exception {
		Path openFiles = Path.of("/proc/self/fd");
		assumeTrue(Files.isDirectory(openFiles), "needs /proc to list open files");
		Path file = this.temp.toRealPath().resolve("access_log.log");
		long writersBefore = accessLogThreads();
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.temp)) {
			Http.get(port(context), "/hello");
			AccessLogLines.await(file, 1);
			assertThat(openTargets(openFiles)).contains(file);
			assertThat(accessLogThreads()).isEqualTo(writersBefore + 1);
		}
		assertThat(openTargets(openFiles)).doesNotContain(file);
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (accessLogThreads() > writersBefore && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(accessLogThreads()).isEqualTo(writersBefore);
	}

	@Test
	void fileOfAnEarlierDayIsRenamedWithItsDateAndANewOneBegun() throws Exception {
		Path current = this.temp.resolve("access_log.log");
		LocalDate earlier = LocalDate.now().minusDays(3);
		writeEarlierLine(current, earlier);
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.temp)) {
			Http.get(port(context), "/hello");
			Path rotated = this.temp.resolve("access_log." + earlier + ".log");
			assertThat(AccessLogLines.await(rotated, 1)).containsExactly("a line of an earlier day");
			List<String> lines = AccessLogLines.await(current, 1);
			assertThat(lines).hasSize(1);
			assertThat(lines.get(0)).contains("\"GET /hello HTTP/1.1\"");
			assertThat(files(this.temp)).containsExactlyInAnyOrder("access_log.log", rotated.getFileName().toString());
		}
	}

	@Test
	void fileOfTodayIsContinued() throws Exception {
		Path current = this.temp.resolve("access_log.log");
		Files.writeString(current, "a line of today\n");
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.temp)) {
			Http.get(port(context), "/hello");
			List<String> lines = AccessLogLines.await(current, 2);
			assertThat(lines.get(0)).isEqualTo("a line of today");
			assertThat(lines.get(1)).contains("\"GET /hello HTTP/1.1\"");
			assertThat(files(this.temp)).containsExactly("access_log.log");
		}
	}

	@Test
	void withoutRotationTheFileOfAnEarlierDayIsContinued() throws Exception {
		Path current = this.temp.resolve("access_log.log");
		writeEarlierLine(current, LocalDate.now().minusDays(3));
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.temp,
				"server.undertow.accesslog.rotate=false")) {
			Http.get(port(context), "/hello");
			List<String> lines = AccessLogLines.await(current, 2);
			assertThat(lines.get(0)).isEqualTo("a line of an earlier day");
			assertThat(lines.get(1)).contains("\"GET /hello HTTP/1.1\"");
			assertThat(files(this.temp)).containsExactly("access_log.log");
		}
	}

	@Test
	void serverStoppedAndStartedAgainLogsAgain() throws Exception {
		Path file = this.temp.resolve("access_log.log");
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.temp)) {
			Http.get(port(context), "/hello?before");
			AccessLogLines.await(file, 1);
			WebServer webServer = ((ServletWebServerApplicationContext) context).getWebServer();
			webServer.stop();
			webServer.start();
			Http.get(port(context), "/hello?after");
			List<String> lines = AccessLogLines.await(file, 2);
			assertThat(lines.get(0)).contains("/hello?before");
			assertThat(lines.get(1)).contains("/hello?after");
		}
	}

	private static void writeEarlierLine(Path file, LocalDate day) throws IOException {
		Files.writeString(file, "a line of an earlier day\n");
		Files.setLastModifiedTime(file,
				FileTime.from(day.atTime(12, 0).atZone(ZoneId.systemDefault()).toInstant()));
	}

	private static List<String> files(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

	private static List<Path> openTargets(Path openFiles) throws IOException {
		List<Path> targets = new ArrayList<>();
		try (Stream<Path> descriptors = Files.list(openFiles)) {
			for (Path descriptor : descriptors.toList()) {
				try {
					targets.add(Files.readSymbolicLink(descriptor));
				}
				catch (IOException ex) {
					// Closed since it was listed.
				}
			}
		}
		return targets;
	}

	private static long accessLogThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("undertide-access-log"))
			.count();
	}

}
