package dev.undertide.servlet.mapping;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;

/**
 * Immutable index of validated servlet URL patterns, split by kind so that a request
 * path can be mapped with a few hash lookups.
 *
 * @param <T> the type of target
 */
final class MappingTable<T> {

	private final Map<String, T> targetsByPattern;

	private final Map<String, T> exactTargets = new HashMap<>();

	private final Map<String, PatternTarget<T>> prefixTargetsByBase = new HashMap<>();

	// Indexed by length: lets the prefix walk skip candidates no pattern can match without a substring
	private final boolean[] prefixBaseLengths;

	private final Map<String, PatternTarget<T>> extensionTargets = new HashMap<>();

	private final @Nullable T contextRootTarget;

	private final @Nullable T defaultTarget;

	private MappingTable(Map<String, T> targetsByPattern) {
		this.targetsByPattern = targetsByPattern;
		T contextRoot = null;
		T fallback = null;
		int longestPrefixBase = -1;
		for (Map.Entry<String, T> entry : targetsByPattern.entrySet()) {
			String pattern = entry.getKey();
			T target = entry.getValue();
			switch (UrlPatterns.mappingMatchOf(pattern)) {
				case CONTEXT_ROOT -> contextRoot = target;
				case DEFAULT -> fallback = target;
				case EXACT -> this.exactTargets.put(pattern, target);
				case PATH -> {
					String base = pattern.substring(0, pattern.length() - 2);
					this.prefixTargetsByBase.put(base, new PatternTarget<>(pattern, target));
					longestPrefixBase = Math.max(longestPrefixBase, base.length());
				}
				case EXTENSION -> this.extensionTargets.put(pattern.substring(2), new PatternTarget<>(pattern, target));
			}
		}
		this.contextRootTarget = contextRoot;
		this.defaultTarget = fallback;
		this.prefixBaseLengths = new boolean[longestPrefixBase + 1];
		for (String base : this.prefixTargetsByBase.keySet()) {
			this.prefixBaseLengths[base.length()] = true;
		}
	}

	static <T> MappingTable<T> empty() {
		return new MappingTable<>(new HashMap<>());
	}

	MappingTable<T> with(String urlPattern, T target) {
		Map<String, T> targetsByPattern = new HashMap<>(this.targetsByPattern);
		targetsByPattern.put(urlPattern, target);
		return new MappingTable<>(targetsByPattern);
	}

	@Nullable T targetOf(String urlPattern) {
		return this.targetsByPattern.get(urlPattern);
	}

	@Nullable PathMatch<T> match(String path) {
		String requestPath = path.isEmpty() ? "/" : path;
		PathMatch<T> match = matchExact(requestPath);
		if (match != null) {
			return match;
		}
		match = matchPrefix(requestPath);
		if (match != null) {
			return match;
		}
		match = matchExtension(requestPath);
		if (match != null) {
			return match;
		}
		return matchDefault(requestPath);
	}

	private @Nullable PathMatch<T> matchExact(String path) {
		if (this.contextRootTarget != null && path.equals("/")) {
			return new PathMatch<>(this.contextRootTarget, "", "/", MappingMatch.CONTEXT_ROOT, "", "");
		}
		T target = this.exactTargets.get(path);
		return (target != null) ? new PathMatch<>(target, path, null, MappingMatch.EXACT, path.substring(1), path)
				: null;
	}

	private @Nullable PathMatch<T> matchPrefix(String path) {
		for (int end = path.length(); end >= 0; end = path.lastIndexOf('/', end - 1)) {
			if (end < this.prefixBaseLengths.length && this.prefixBaseLengths[end]) {
				String servletPath = path.substring(0, end);
				PatternTarget<T> prefix = this.prefixTargetsByBase.get(servletPath);
				if (prefix != null) {
					return prefixMatch(prefix, path, servletPath);
				}
			}
		}
		return null;
	}

	private PathMatch<T> prefixMatch(PatternTarget<T> prefix, String path, String servletPath) {
		if (servletPath.length() == path.length()) {
			return new PathMatch<>(prefix.target(), servletPath, null, MappingMatch.PATH, "", prefix.pattern());
		}
		String pathInfo = path.substring(servletPath.length());
		return new PathMatch<>(prefix.target(), servletPath, pathInfo, MappingMatch.PATH, pathInfo.substring(1),
				prefix.pattern());
	}

	private @Nullable PathMatch<T> matchExtension(String path) {
		int lastDot = path.lastIndexOf('.');
		if (this.extensionTargets.isEmpty() || lastDot <= path.lastIndexOf('/')) {
			return null;
		}
		PatternTarget<T> extension = this.extensionTargets.get(path.substring(lastDot + 1));
		return (extension != null) ? new PathMatch<>(extension.target(), path, null, MappingMatch.EXTENSION,
				path.substring(1, lastDot), extension.pattern()) : null;
	}

	private @Nullable PathMatch<T> matchDefault(String path) {
		return (this.defaultTarget != null)
				? new PathMatch<>(this.defaultTarget, path, null, MappingMatch.DEFAULT, "", "/") : null;
	}

	private record PatternTarget<T>(String pattern, T target) {
	}

}
