package dev.undertide.servlet;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Init parameters of a servlet, a filter or the context, with the registration API's rules: null names
 * and values are refused and an existing parameter is never overwritten.
 */
final class InitParameters {

	private final Map<String, String> parameters = new LinkedHashMap<>();

	/** Sets the parameter unless it already exists; {@code true} when it was set. */
	boolean set(String name, String value) {
		requireNonNull(name, value);
		return this.parameters.putIfAbsent(name, value) == null;
	}

	/** Sets all of them, or none when any already exists; returns the names that conflicted. */
	Set<String> setAll(Map<String, String> parameters) {
		Set<String> conflicts = new LinkedHashSet<>();
		parameters.forEach((name, value) -> {
			requireNonNull(name, value);
			if (this.parameters.containsKey(name)) {
				conflicts.add(name);
			}
		});
		if (conflicts.isEmpty()) {
			this.parameters.putAll(parameters);
		}
		return conflicts;
	}

	@Nullable String get(String name) {
		return this.parameters.get(name);
	}

	Enumeration<String> names() {
		return Collections.enumeration(this.parameters.keySet());
	}

	Map<String, String> asMap() {
		return Collections.unmodifiableMap(this.parameters);
	}

	private static void requireNonNull(@Nullable String name, @Nullable String value) {
		if (name == null || value == null) {
			throw new IllegalArgumentException("Init parameter name and value must not be null");
		}
	}

}
