package dev.undertide.boot.it.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What the recording filters saw, per request carrying an {@value #TRACE_HEADER} header.
 */
public class InvocationLog {

	public static final String TRACE_HEADER = "X-Trace";

	private final Map<String, List<String>> entries = new ConcurrentHashMap<>();

	void record(HttpServletRequest request, String who) {
		String trace = request.getHeader(TRACE_HEADER);
		if (trace != null) {
			this.entries.computeIfAbsent(trace, (key) -> new CopyOnWriteArrayList<>())
				.add(who + ":" + request.getDispatcherType());
		}
	}

	public List<String> entries(String trace) {
		return List.copyOf(this.entries.getOrDefault(trace, List.of()));
	}

}
