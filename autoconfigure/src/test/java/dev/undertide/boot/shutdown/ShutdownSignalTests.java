package dev.undertide.boot.shutdown;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM told to stop (SIGTERM, as from Kubernetes or {@code docker stop}) while a request will never end
 * still exits, soon after {@code spring.lifecycle.timeout-per-shutdown-phase}, without being killed, and
 * reports the request as still active.
 */
class ShutdownSignalTests {

	private static final Pattern STARTED = Pattern.compile("Undertide started on port (\\d+)");

	/** The timeout, the worker pool's 5 s grace, and room for a busy machine. */
	private static final long EXIT_WITHIN_SECONDS = SignalledApplication.TIMEOUT_PER_SHUTDOWN_PHASE.toSeconds() + 10;

	@TempDir
	Path directory;

	private Process process;

	@AfterEach
	void kill() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "servlet", "reactive" })
	void jvmExitsWithARequestInFlightOnceTheShutdownTimesOut(String stack) throws Exception {
		Path log = this.directory.resolve("application.log");
		this.process = start(stack, log);
		int port = awaitPort(log);
		Shutdowns.send(port, "/block");
		awaitLine(log, SignalledApplication.BLOCKING);
		this.process.destroy();
		assertThat(this.process.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS))
			.as("exited within %d s of SIGTERM; log:%n%s", EXIT_WITHIN_SECONDS, read(log))
			.isTrue();
		// 128 + SIGTERM: the JVM ran its shutdown hooks to the end and exited as told.
		assertThat(this.process.exitValue()).isEqualTo(143);
		assertThat(read(log)).contains(Shutdowns.REPORTED_REQUESTS_ACTIVE);
	}

	private Process start(String stack, Path log) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(SignalledApplication.class.getName());
		command.add(stack);
		return new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private int awaitPort(Path log) throws Exception {
		Matcher matcher = STARTED.matcher(awaitLine(log, "Undertide started on port"));
		assertThat(matcher.find()).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	/** The first line containing {@code text}; the JVM may take a while to start on a busy machine. */
	private String awaitLine(Path log, String text) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			for (String line : read(log).split("\n")) {
				if (line.contains(text)) {
					return line;
				}
			}
			assertThat(this.process.isAlive()).as("the application is running; log:%n%s", read(log)).isTrue();
			Thread.sleep(50);
		}
		throw new AssertionError("No '" + text + "' within 60 s; log:\n" + read(log));
	}

	private static String read(Path log) throws IOException {
		return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
	}

}
