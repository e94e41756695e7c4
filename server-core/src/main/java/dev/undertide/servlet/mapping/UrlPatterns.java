package dev.undertide.servlet.mapping;

import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;

/**
 * Validation and matching of servlet and filter URL patterns as defined by the
 * Servlet specification.
 */
public final class UrlPatterns {

	private static final String ALLOWED_FORMS = "allowed are \"\" (context root), \"/\" (default), "
			+ "\"/*\", a path prefix ending in \"/*\" such as \"/api/*\", an extension such as \"*.jsp\", "
			+ "or an exact path starting with \"/\"";

	private UrlPatterns() {
	}

	/**
	 * Check that the given URL pattern is one of the forms the Servlet specification allows.
	 * @param urlPattern the pattern to check
	 * @throws IllegalArgumentException if the pattern is {@code null} or malformed
	 */
	public static void validate(@Nullable String urlPattern) {
		if (urlPattern == null) {
			throw new IllegalArgumentException("URL pattern must not be null; " + ALLOWED_FORMS);
		}
		String problem = findProblem(urlPattern);
		if (problem != null) {
			throw new IllegalArgumentException(
					"Invalid URL pattern \"" + printable(urlPattern) + "\": " + problem + "; " + ALLOWED_FORMS);
		}
	}

	/**
	 * Return whether the given filter URL pattern matches the given context-relative path.
	 * <p>{@code "/*"} and {@code "/"} match every path, {@code ""} matches only the context
	 * root, {@code "/foo/*"} matches {@code "/foo"} and everything below it, {@code "*.ext"}
	 * matches when the last path segment has that extension, and any other pattern matches
	 * only the identical path. Callers that want {@code "/"} to select only requests served
	 * by the default servlet must check that themselves.
	 * @param urlPattern a pattern that passed {@link #validate(String)}
	 * @param path the decoded and normalized context-relative path
	 * @return whether the pattern matches the path
	 */
	public static boolean matches(String urlPattern, String path) {
		return switch (mappingMatchOf(urlPattern)) {
			case CONTEXT_ROOT -> path.isEmpty() || path.equals("/");
			case DEFAULT -> true;
			case PATH -> matchesPrefix(urlPattern, path);
			case EXTENSION -> matchesExtension(urlPattern, path);
			case EXACT -> urlPattern.equals(path);
		};
	}

	static MappingMatch mappingMatchOf(String urlPattern) {
		if (urlPattern.isEmpty()) {
			return MappingMatch.CONTEXT_ROOT;
		}
		if (urlPattern.equals("/")) {
			return MappingMatch.DEFAULT;
		}
		if (urlPattern.startsWith("*.")) {
			return MappingMatch.EXTENSION;
		}
		if (urlPattern.endsWith("/*")) {
			return MappingMatch.PATH;
		}
		return MappingMatch.EXACT;
	}

	private static @Nullable String findProblem(String urlPattern) {
		if (urlPattern.indexOf('\r') >= 0 || urlPattern.indexOf('\n') >= 0) {
			return "it must not contain CR or LF";
		}
		if (urlPattern.isEmpty()) {
			return null;
		}
		if (urlPattern.startsWith("*.")) {
			return findExtensionProblem(urlPattern.substring(2));
		}
		if (!urlPattern.startsWith("/")) {
			return "it must start with \"/\" or \"*.\"";
		}
		int star = urlPattern.indexOf('*');
		if (star >= 0 && (star != urlPattern.length() - 1 || urlPattern.charAt(star - 1) != '/')) {
			return "'*' is only allowed in a trailing \"/*\" or a leading \"*.\"";
		}
		return null;
	}

	private static @Nullable String findExtensionProblem(String extension) {
		if (extension.isEmpty()) {
			return "the extension must not be empty";
		}
		if (extension.indexOf('/') >= 0 || extension.indexOf('*') >= 0) {
			return "the extension must not contain '/' or '*'";
		}
		return null;
	}

	// Escaped so that a hostile pattern cannot start a forged line in the logs
	private static String printable(String urlPattern) {
		return urlPattern.replace("\r", "\\r").replace("\n", "\\n");
	}

	private static boolean matchesPrefix(String urlPattern, String path) {
		int baseLength = urlPattern.length() - 2;
		return path.regionMatches(0, urlPattern, 0, baseLength)
				&& (path.length() == baseLength || path.charAt(baseLength) == '/');
	}

	private static boolean matchesExtension(String urlPattern, String path) {
		int lastDot = path.lastIndexOf('.');
		if (lastDot <= path.lastIndexOf('/')) {
			return false;
		}
		int extensionLength = urlPattern.length() - 2;
		return path.length() - lastDot - 1 == extensionLength
				&& path.regionMatches(lastDot + 1, urlPattern, 2, extensionLength);
	}

}
