package dev.undertide.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the access log is written: a line per request in {@code pattern}, appended to the file
 * {@code prefix + suffix} in {@code directory}, which is created if needed. With {@code rotate}, the file
 * is renamed {@code prefix + yyyy-MM-dd + "." + suffix} after the day it was written ends and a new one is
 * begun.
 *
 * @param directory the directory of the log files; a relative one is resolved against the working
 * directory
 * @param prefix the start of the file names
 * @param suffix the end of the file names
 * @param pattern the format of a line
 * @param rotate whether each day gets a file of its own
 */
public record AccessLogSettings(Path directory, String prefix, String suffix, AccessLogPattern pattern,
		boolean rotate) {

	public AccessLogSettings {
		Objects.requireNonNull(directory, "directory");
		Objects.requireNonNull(prefix, "prefix");
		Objects.requireNonNull(suffix, "suffix");
		Objects.requireNonNull(pattern, "pattern");
	}

}
