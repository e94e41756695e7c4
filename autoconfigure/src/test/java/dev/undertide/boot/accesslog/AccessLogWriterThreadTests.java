package dev.undertide.boot.accesslog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Lines are written by a thread of the access log's own, never by a request's thread: a log file that
 * cannot be written does not hold requests up, and closing the application still writes the lines queued
 * behind it. A named pipe nobody reads stands in for a stuck disk: opening it for writing blocks until
 * someone opens it for reading.
 */
class AccessLogWriterThreadTests {

	@TempDir
	Path logs;

	@Test
	void requestsCompleteWhileTheLogFileBlocksItsWriter() throws Exception {
		Path pipe = pipe();
		try (ConfigurableApplicationContext context = start()) {
			sendRequestsTimed(context, 3);
			assertThat(accessLogWriterStack()).anyMatch(
					(frame) -> frame.getClassName().endsWith("DefaultAccessLogReceiver")
							&& frame.getMethodName().equals("initOutput"));
			assertRequestLines(readLines(pipe, 3), 3);
		}
	}

	@Test
	void closingTheApplicationWritesTheLinesQueuedBehindASlowFileThenClosesIt() throws Exception {
		Path pipe = pipe();
		ConfigurableApplicationContext context = start();
		sendRequestsTimed(context, 3);
		assertThat(accessLogWriterStack()).isNotEmpty();
		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
		Thread.sleep(200);
		assertThat(closed).as("the close waits for the queued lines").isNotDone();
		assertRequestLines(readLines(pipe, Integer.MAX_VALUE), 3);
		closed.get(10, TimeUnit.SECONDS);
	}

	private Path pipe() throws Exception {
		Path pipe = this.logs.resolve("access_log.log");
		assumeTrue(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0, "needs mkfifo");
		return pipe;
	}

	private ConfigurableApplicationContext start() {
		return AccessLogApplication.start(this.logs, "server.undertow.accesslog.rotate=false",
				"server.shutdown=immediate");
	}

	private static void sendRequestsTimed(ConfigurableApplicationContext context, int count) {
		for (int i = 0; i < count; i++) {
			long start = System.nanoTime();
			assertThat(Http.get(port(context), "/hello?n=" + i).statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		}
	}

	private static void assertRequestLines(List<String> lines, int count) {
		assertThat(lines).hasSize(count);
		for (int i = 0; i < count; i++) {
			assertThat(lines.get(i)).contains("\"GET /hello?n=" + i + " HTTP/1.1\" 200 5");
		}
	}

	private static List<StackTraceElement> accessLogWriterStack() throws InterruptedException {
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (System.nanoTime() < deadline) {
			for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
				List<StackTraceElement> stack = Arrays.asList(thread.getValue());
				if (thread.getKey().getName().equals("undertide-access-log") && stack.stream()
					.anyMatch((frame) -> frame.getClassName().endsWith("DefaultAccessLogReceiver"))) {
					return stack;
				}
			}
			Thread.sleep(20);
		}
		return List.of();
	}

	/**
	 * Opens the pipe for reading, which lets the writer go on, and reads up to {@code count} lines, fewer if
	 * the writer closes the pipe first. Fails after 10 s, leaving a reader that hangs to its own thread.
	 */
	private static List<String> readLines(Path pipe, int count) throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			List<String> lines = new ArrayList<>();
			try (BufferedReader reader = Files.newBufferedReader(pipe)) {
				String line;
				while (lines.size() < count && (line = reader.readLine()) != null) {
					lines.add(line);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return lines;
		}).get(10, TimeUnit.SECONDS);
	}

}
