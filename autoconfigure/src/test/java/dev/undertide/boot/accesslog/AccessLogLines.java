package dev.undertide.boot.accesslog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads an access log file. Lines are written by the log's own thread, a moment after the response.
 */
final class AccessLogLines {

	private AccessLogLines() {
	}

	/** The file's lines once it has at least {@code count}; fails after 5 s. */
	static List<String> await(Path file, int count) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + 5_000_000_000L;
		List<String> lines = List.of();
		while (System.nanoTime() < deadline) {
			lines = read(file);
			if (lines.size() >= count) {
				return lines;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("Expected " + count + " lines in " + file + " within 5 s but found " + lines);
	}

	/** The file's lines now; none if it does not exist. */
	static List<String> read(Path file) throws IOException {
		return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
	}

}
