package dev.undertide.servlet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.undertide.servlet.mapping.UrlPatterns;
import jakarta.servlet.DispatcherType;

/**
 * The filter mappings of a context, and the filters that apply to one dispatch (Servlet §6.2.4):
 * URL-pattern mappings first, then servlet-name mappings, each in registration order with the
 * {@code isMatchAfter} ones last.
 */
final class FilterMappings {

	private static final ManagedFilter[] NO_FILTERS = new ManagedFilter[0];

	private final List<Mapping> mappings = new ArrayList<>();

	private volatile Mapping[] ordered = new Mapping[0];

	/** When every URL pattern is {@code /*}, the chain depends only on type and servlet: cache it. */
	private volatile boolean pathIndependent = true;

	private final Map<ChainKey, ManagedFilter[]> pathIndependentChains = new ConcurrentHashMap<>();

	void add(Mapping mapping) {
		this.mappings.add(mapping);
		List<Mapping> ordered = new ArrayList<>();
		collect(ordered, false, false);
		collect(ordered, false, true);
		collect(ordered, true, false);
		collect(ordered, true, true);
		this.ordered = ordered.toArray(new Mapping[0]);
		this.pathIndependent = this.mappings.stream()
			.flatMap((candidate) -> candidate.urlPatterns().stream())
			.allMatch("/*"::equals);
		this.pathIndependentChains.clear();
	}

	private void collect(List<Mapping> into, boolean servletNames, boolean matchAfter) {
		for (Mapping mapping : this.mappings) {
			if (mapping.matchAfter() == matchAfter && (servletNames != mapping.servletNames().isEmpty())) {
				into.add(mapping);
			}
		}
	}

	/** The filters for a dispatch of the given type to a servlet, for a context-relative path. */
	ManagedFilter[] filtersFor(DispatcherType type, String servletName, String path) {
		if (this.ordered.length == 0) {
			return NO_FILTERS;
		}
		if (this.pathIndependent) {
			return this.pathIndependentChains.computeIfAbsent(new ChainKey(type, servletName),
					(key) -> resolve(type, servletName, path));
		}
		return resolve(type, servletName, path);
	}

	private ManagedFilter[] resolve(DispatcherType type, String servletName, String path) {
		Set<ManagedFilter> filters = new LinkedHashSet<>();
		for (Mapping mapping : this.ordered) {
			if (mapping.dispatcherTypes().contains(type) && mapping.matches(servletName, path)) {
				filters.add(mapping.filter());
			}
		}
		return filters.toArray(NO_FILTERS);
	}

	record Mapping(ManagedFilter filter, Set<DispatcherType> dispatcherTypes, List<String> urlPatterns,
			List<String> servletNames, boolean matchAfter) {

		boolean matches(String servletName, String path) {
			for (String name : this.servletNames) {
				if ("*".equals(name) || name.equals(servletName)) {
					return true;
				}
			}
			for (String pattern : this.urlPatterns) {
				if (UrlPatterns.matches(pattern, path)) {
					return true;
				}
			}
			return false;
		}

	}

	private record ChainKey(DispatcherType type, String servletName) {
	}

}
