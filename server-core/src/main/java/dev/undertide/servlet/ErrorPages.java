package dev.undertide.servlet;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;

/**
 * Error page locations by status code and by exception type, plus a global page used when nothing more
 * specific matches.
 */
public final class ErrorPages {

	private final Map<Integer, String> byStatus = new LinkedHashMap<>();

	private final Map<Class<?>, String> byException = new LinkedHashMap<>();

	private @Nullable String global;

	public void addForStatus(int status, String location) {
		this.byStatus.put(status, location);
	}

	public void addForException(Class<? extends Throwable> exceptionType, String location) {
		this.byException.put(exceptionType, location);
	}

	public void setGlobal(@Nullable String location) {
		this.global = location;
	}

	@Nullable String forStatus(int status) {
		String location = this.byStatus.get(status);
		return (location != null) ? location : this.global;
	}

	/**
	 * The page for an exception: the closest mapped superclass wins; a {@link ServletException} that
	 * matches nothing is unwrapped to its root cause and tried again (Servlet §10.9.2).
	 */
	@Nullable String forException(Throwable exception, int status) {
		Throwable candidate = exception;
		while (candidate != null) {
			String location = forExceptionType(candidate.getClass());
			if (location != null) {
				return location;
			}
			candidate = (candidate instanceof ServletException servletException) ? servletException.getRootCause()
					: null;
		}
		return forStatus(status);
	}

	private @Nullable String forExceptionType(Class<?> type) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			String location = this.byException.get(current);
			if (location != null) {
				return location;
			}
		}
		return null;
	}

}
