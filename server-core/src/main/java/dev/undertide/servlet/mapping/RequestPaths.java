package dev.undertide.servlet.mapping;

import java.nio.charset.Charset;

import org.jspecify.annotations.Nullable;

/**
 * Turns raw request paths into the decoded, normalized form that servlet mapping and
 * resource lookup work on. Methods return {@code null} for paths that must be rejected.
 */
public final class RequestPaths {

	private RequestPaths() {
	}

	/**
	 * Strip path parameters, percent-decode once and normalize the given raw request path.
	 * <p>{@code "+"} stays as is. An encoded slash ({@code %2F}) stays encoded, as
	 * {@code "%2F"}, unless {@code allowEncodedSlash} is set, so that it cannot act as a
	 * segment separator.
	 * @param rawPath the still percent-encoded path
	 * @param charset the charset of the percent-encoded bytes
	 * @param allowEncodedSlash whether {@code %2F} is decoded to {@code "/"}
	 * @return the normalized path, or {@code null} if the path contains an invalid escape,
	 * an encoded NUL, a byte sequence that is malformed in the charset, or a {@code ".."}
	 * that climbs above the root
	 */
	public static @Nullable String decodeAndNormalize(String rawPath, Charset charset, boolean allowEncodedSlash) {
		String decoded = PercentDecoder.decode(stripPathParameters(rawPath), charset, allowEncodedSlash);
		return (decoded != null) ? normalize(decoded) : null;
	}

	/**
	 * Collapse repeated slashes and resolve {@code "."} and {@code ".."} segments.
	 * <p>A trailing slash is kept, and a path ending in a dot segment ends with a slash.
	 * A path not starting with {@code "/"} is treated as if it did; the empty path stays
	 * empty. Backslashes are ordinary characters.
	 * @param decodedPath the percent-decoded path
	 * @return the normalized path, the given instance if it is already normalized, or
	 * {@code null} if a {@code ".."} segment climbs above the root
	 */
	public static @Nullable String normalize(String decodedPath) {
		if (decodedPath.isEmpty() || isNormalized(decodedPath)) {
			return decodedPath;
		}
		int length = decodedPath.length();
		StringBuilder normalized = new StringBuilder(length + 1);
		boolean endsWithDirectory = false;
		int start = 0;
		while (start <= length) {
			int end = endOfSegment(decodedPath, start);
			Segment segment = Segment.of(decodedPath, start, end);
			if (segment == Segment.PARENT) {
				if (normalized.length() == 0) {
					return null;
				}
				normalized.setLength(normalized.lastIndexOf("/"));
			}
			else if (segment == Segment.NAME) {
				normalized.append('/').append(decodedPath, start, end);
			}
			endsWithDirectory = (segment != Segment.NAME);
			start = end + 1;
		}
		if (endsWithDirectory || normalized.length() == 0) {
			normalized.append('/');
		}
		return normalized.toString();
	}

	/**
	 * Remove the {@code ";"} path parameters from every segment of the given path.
	 * @param path the path
	 * @return the path without parameters, or the given instance if it has none
	 */
	public static String stripPathParameters(String path) {
		int semicolon = path.indexOf(';');
		if (semicolon < 0) {
			return path;
		}
		StringBuilder stripped = new StringBuilder(path.length());
		int start = 0;
		while (semicolon >= 0) {
			stripped.append(path, start, semicolon);
			start = endOfSegment(path, semicolon);
			semicolon = path.indexOf(';', start);
		}
		return stripped.append(path, start, path.length()).toString();
	}

	/**
	 * Return the value of the first {@code ";name=value"} path parameter in any segment,
	 * such as {@code ";jsessionid=..."}.
	 * @param path the path, before {@link #stripPathParameters(String)}
	 * @param name the case-sensitive parameter name
	 * @return the value, up to the next {@code ";"} or {@code "/"}, or {@code null} if absent
	 */
	public static @Nullable String pathParameter(String path, String name) {
		for (int semicolon = path.indexOf(';'); semicolon >= 0; semicolon = path.indexOf(';', semicolon + 1)) {
			int nameStart = semicolon + 1;
			int equals = nameStart + name.length();
			if (path.startsWith(name, nameStart) && equals < path.length() && path.charAt(equals) == '=') {
				return path.substring(equals + 1, endOfParameter(path, equals + 1));
			}
		}
		return null;
	}

	// Only a trailing empty segment is allowed: "/a/" is normalized, "/a//b" is not
	private static boolean isNormalized(String path) {
		if (path.charAt(0) != '/') {
			return false;
		}
		int start = 1;
		while (start < path.length()) {
			int end = endOfSegment(path, start);
			if (Segment.of(path, start, end) != Segment.NAME) {
				return false;
			}
			start = end + 1;
		}
		return true;
	}

	private static int endOfSegment(String path, int from) {
		int slash = path.indexOf('/', from);
		return (slash >= 0) ? slash : path.length();
	}

	private static int endOfParameter(String path, int from) {
		for (int i = from; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == ';' || c == '/') {
				return i;
			}
		}
		return path.length();
	}

	private enum Segment {

		EMPTY, CURRENT, PARENT, NAME;

		static Segment of(String path, int start, int end) {
			return switch (end - start) {
				case 0 -> EMPTY;
				case 1 -> (path.charAt(start) == '.') ? CURRENT : NAME;
				case 2 -> (path.charAt(start) == '.' && path.charAt(start + 1) == '.') ? PARENT : NAME;
				default -> NAME;
			};
		}

	}

}
