package dev.undertide.servlet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.undertide.servlet.mapping.PathMatch;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A request as the target of a forward, include or error dispatch sees it: its dispatcher type, the
 * target's paths (forward and error), the {@code jakarta.servlet.forward.*} or {@code include.*}
 * attributes, and the dispatch's query parameters ahead of the original ones.
 */
final class DispatchedRequest extends HttpServletRequestWrapper {

	private final DispatcherType type;

	private final @Nullable PathMatch<ManagedServlet> target;

	private final @Nullable String requestUri;

	private final @Nullable String queryString;

	private final Map<String, Object> dispatchAttributes = new HashMap<>();

	private final Set<String> removedDispatchAttributes = new LinkedHashSet<>();

	private @Nullable Map<String, String[]> parameters;

	private DispatchedRequest(DispatcherType type, HttpServletRequest request,
			@Nullable PathMatch<ManagedServlet> target, @Nullable String requestUri, @Nullable String queryString) {
		super(request);
		this.type = type;
		this.target = target;
		this.requestUri = requestUri;
		this.queryString = queryString;
	}

	static DispatchedRequest named(DispatcherType type, HttpServletRequest request) {
		return new DispatchedRequest(type, request, null, null, null);
	}

	static DispatchedRequest toPath(DispatcherType type, HttpServletRequest request, UndertideServletContext context,
			PathMatch<ManagedServlet> target, @Nullable String path, @Nullable String queryString) {
		String targetUri = context.getContextPath() + path;
		if (type == DispatcherType.INCLUDE) {
			DispatchedRequest included = new DispatchedRequest(type, request, null, null, queryString);
			included.putIncludeAttributes(context, target, targetUri, queryString);
			return included;
		}
		String mergedQuery = (queryString != null) ? queryString : request.getQueryString();
		boolean preservePath = type == DispatcherType.FORWARD && context.isPreservePathOnForward();
		DispatchedRequest dispatched = preservePath ? new DispatchedRequest(type, request, null, null, mergedQuery)
				: new DispatchedRequest(type, request, target, targetUri, mergedQuery);
		if (type == DispatcherType.FORWARD && request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) == null) {
			dispatched.putForwardAttributes(request);
		}
		if (type == DispatcherType.ASYNC) {
			dispatched.putAsyncAttributes(request);
		}
		return dispatched;
	}

	private void putForwardAttributes(HttpServletRequest original) {
		putIfNotNull(RequestDispatcher.FORWARD_REQUEST_URI, original.getRequestURI());
		putIfNotNull(RequestDispatcher.FORWARD_CONTEXT_PATH, original.getContextPath());
		putIfNotNull(RequestDispatcher.FORWARD_SERVLET_PATH, original.getServletPath());
		putIfNotNull(RequestDispatcher.FORWARD_PATH_INFO, original.getPathInfo());
		putIfNotNull(RequestDispatcher.FORWARD_QUERY_STRING, original.getQueryString());
		putIfNotNull(RequestDispatcher.FORWARD_MAPPING, original.getHttpServletMapping());
	}

	private void putAsyncAttributes(HttpServletRequest original) {
		putIfNotNull(AsyncContext.ASYNC_REQUEST_URI, original.getRequestURI());
		putIfNotNull(AsyncContext.ASYNC_CONTEXT_PATH, original.getContextPath());
		putIfNotNull(AsyncContext.ASYNC_SERVLET_PATH, original.getServletPath());
		putIfNotNull(AsyncContext.ASYNC_PATH_INFO, original.getPathInfo());
		putIfNotNull(AsyncContext.ASYNC_QUERY_STRING, original.getQueryString());
		putIfNotNull(AsyncContext.ASYNC_MAPPING, original.getHttpServletMapping());
	}

	private void putIncludeAttributes(UndertideServletContext context, PathMatch<ManagedServlet> target,
			String targetUri, @Nullable String queryString) {
		putIfNotNull(RequestDispatcher.INCLUDE_REQUEST_URI, targetUri);
		putIfNotNull(RequestDispatcher.INCLUDE_CONTEXT_PATH, context.getContextPath());
		putIfNotNull(RequestDispatcher.INCLUDE_SERVLET_PATH, target.servletPath());
		putIfNotNull(RequestDispatcher.INCLUDE_PATH_INFO, target.pathInfo());
		putIfNotNull(RequestDispatcher.INCLUDE_QUERY_STRING, queryString);
		putIfNotNull(RequestDispatcher.INCLUDE_MAPPING, UndertideHttpServletRequest.mappingOf(target));
	}

	private void putIfNotNull(String name, @Nullable Object value) {
		if (value != null) {
			this.dispatchAttributes.put(name, value);
		}
	}

	@Override
	public DispatcherType getDispatcherType() {
		return this.type;
	}

	@Override
	public String getRequestURI() {
		return (this.requestUri != null) ? this.requestUri : super.getRequestURI();
	}

	@Override
	public StringBuffer getRequestURL() {
		if (this.requestUri == null) {
			return super.getRequestURL();
		}
		StringBuffer original = super.getRequestURL();
		int pathStart = original.indexOf("/", original.indexOf("//") + 2);
		StringBuffer url = new StringBuffer((pathStart >= 0) ? original.substring(0, pathStart) : original);
		return url.append(this.requestUri);
	}

	@Override
	public String getServletPath() {
		return (this.target != null) ? this.target.servletPath() : super.getServletPath();
	}

	@Override
	public @Nullable String getPathInfo() {
		return (this.target != null) ? this.target.pathInfo() : super.getPathInfo();
	}

	@Override
	public @Nullable String getQueryString() {
		return (this.target != null) ? this.queryString : super.getQueryString();
	}

	@Override
	public HttpServletMapping getHttpServletMapping() {
		return (this.target != null) ? UndertideHttpServletRequest.mappingOf(this.target)
				: super.getHttpServletMapping();
	}

	@Override
	public @Nullable RequestDispatcher getRequestDispatcher(String path) {
		return getServletContext()
			.getRequestDispatcher(ContainerRequestDispatcher.resolve(path, getServletPath(), getPathInfo()));
	}

	// Attributes: the dispatch's own shadow the request's.

	@Override
	public @Nullable Object getAttribute(String name) {
		if (this.removedDispatchAttributes.contains(name)) {
			return null;
		}
		Object value = this.dispatchAttributes.get(name);
		return (value != null) ? value : super.getAttribute(name);
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
		names.addAll(this.dispatchAttributes.keySet());
		names.removeAll(this.removedDispatchAttributes);
		return Collections.enumeration(names);
	}

	@Override
	public void setAttribute(String name, @Nullable Object value) {
		if (this.dispatchAttributes.containsKey(name) || this.removedDispatchAttributes.contains(name)) {
			this.removedDispatchAttributes.remove(name);
			if (value == null) {
				this.dispatchAttributes.remove(name);
				this.removedDispatchAttributes.add(name);
			}
			else {
				this.dispatchAttributes.put(name, value);
			}
			return;
		}
		super.setAttribute(name, value);
	}

	@Override
	public void removeAttribute(String name) {
		if (this.dispatchAttributes.remove(name) != null) {
			this.removedDispatchAttributes.add(name);
			return;
		}
		super.removeAttribute(name);
	}

	// Parameters: the dispatch's query string first, then the request's (Servlet §9.1.1).

	@Override
	public @Nullable String getParameter(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values[0] : null;
	}

	@Override
	public String @Nullable [] getParameterValues(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values.clone() : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return Collections.unmodifiableMap(parameters());
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters().keySet());
	}

	private Map<String, String[]> parameters() {
		if (this.parameters == null) {
			Map<String, String[]> original = super.getParameterMap();
			String dispatchQuery = (this.type == DispatcherType.INCLUDE || this.target != null)
					? ownQueryString() : null;
			if (dispatchQuery == null || dispatchQuery.isEmpty()) {
				this.parameters = original;
			}
			else {
				Map<String, List<String>> merged = new LinkedHashMap<>();
				FormParameters.parse(dispatchQuery, StandardCharsets.UTF_8, merged);
				original.forEach((name, values) -> {
					List<String> list = merged.computeIfAbsent(name, (key) -> new ArrayList<>());
					Collections.addAll(list, values);
				});
				Map<String, String[]> parameters = new LinkedHashMap<>();
				merged.forEach((name, values) -> parameters.put(name, values.toArray(new String[0])));
				this.parameters = parameters;
			}
		}
		return this.parameters;
	}

	/** The query string the dispatch itself added, not the one inherited from the request. */
	private @Nullable String ownQueryString() {
		String inherited = super.getQueryString();
		return (this.queryString != null && !this.queryString.equals(inherited)) ? this.queryString : null;
	}

}
