package dev.undertide.servlet.mapping;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Maps context-relative request paths to targets following the servlet mapping rules of
 * the Servlet specification: exact match (including the {@code ""} context root pattern),
 * then the longest path prefix, then the extension of the last segment, then the default
 * servlet {@code "/"}.
 *
 * <p>Patterns are usually registered during start-up; {@link #match(String)} may be
 * called concurrently from any number of threads, also while a pattern is being added.
 *
 * @param <T> the type of target a pattern maps to
 */
public final class ServletPathMatcher<T> {

	// Copy-on-write: match runs on every request and must not lock, while registrations are few
	private volatile MappingTable<T> table = MappingTable.empty();

	/**
	 * Map the given URL pattern to the given target.
	 * @param urlPattern the servlet URL pattern
	 * @param target the target to map
	 * @throws IllegalArgumentException if the pattern is not valid, see {@link UrlPatterns#validate(String)}
	 * @throws IllegalStateException if the pattern is already mapped
	 */
	public synchronized void add(String urlPattern, T target) {
		UrlPatterns.validate(urlPattern);
		Objects.requireNonNull(target, "Target must not be null");
		if (contains(urlPattern)) {
			throw new IllegalStateException("URL pattern \"" + urlPattern + "\" is already mapped");
		}
		this.table = this.table.with(urlPattern, target);
	}

	/**
	 * Return whether the given URL pattern is mapped.
	 * @param urlPattern the URL pattern
	 * @return whether a target is mapped to exactly this pattern
	 */
	public boolean contains(String urlPattern) {
		return targetOf(urlPattern) != null;
	}

	/**
	 * Return the target mapped to the given URL pattern.
	 * @param urlPattern the URL pattern
	 * @return the target, or {@code null} if the pattern is not mapped
	 */
	public @Nullable T targetOf(String urlPattern) {
		return this.table.targetOf(urlPattern);
	}

	/**
	 * Map the given context-relative path.
	 * @param path the decoded and normalized path, starting with {@code "/"}; the empty
	 * string stands for the context root and is treated like {@code "/"}
	 * @return the match, or {@code null} if no pattern matches
	 */
	public @Nullable PathMatch<T> match(String path) {
		return this.table.match(path);
	}

}
