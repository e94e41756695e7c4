package dev.undertide.servlet;

import java.io.IOException;

import dev.undertide.servlet.mapping.PathMatch;
import dev.undertide.servlet.mapping.RequestPaths;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Forwards and includes to a servlet found by path or by name, and the container's error dispatch.
 */
final class ContainerRequestDispatcher implements RequestDispatcher {

	private final UndertideServletContext context;

	private final ManagedServlet servlet;

	/** Null for a named dispatcher, which keeps the request's paths. */
	private final @Nullable PathMatch<ManagedServlet> match;

	private final @Nullable String path;

	private final @Nullable String queryString;

	private ContainerRequestDispatcher(UndertideServletContext context, ManagedServlet servlet,
			@Nullable PathMatch<ManagedServlet> match, @Nullable String path, @Nullable String queryString) {
		this.context = context;
		this.servlet = servlet;
		this.match = match;
		this.path = path;
		this.queryString = queryString;
	}

	static ContainerRequestDispatcher forPath(UndertideServletContext context, PathMatch<ManagedServlet> match,
			String path, @Nullable String queryString) {
		return new ContainerRequestDispatcher(context, match.target(), match, path, queryString);
	}

	static ContainerRequestDispatcher named(UndertideServletContext context, ManagedServlet servlet) {
		return new ContainerRequestDispatcher(context, servlet, null, null, null);
	}

	@Override
	public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
		if (response.isCommitted()) {
			throw new IllegalStateException("Cannot forward after the response has been committed");
		}
		response.resetBuffer();
		dispatch(DispatcherType.FORWARD, request, response);
		UndertideHttpServletResponse containerResponse = unwrap(response);
		if (containerResponse != null && !containerResponse.isErrorSent()) {
			// Servlet §9.4: the response is committed and closed before forward returns.
			containerResponse.finish();
		}
	}

	@Override
	public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
		HttpServletResponse included = new IncludedResponse((HttpServletResponse) response);
		dispatch(DispatcherType.INCLUDE, request, included);
	}

	/** Runs an error page as the container does after an error (Servlet §10.9). */
	void error(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
		dispatch(DispatcherType.ERROR, request, response);
	}

	/** The dispatch an {@link jakarta.servlet.AsyncContext#dispatch()} asks for (Servlet §2.3.3.3). */
	void asyncDispatch(UndertideHttpServletRequest containerRequest, ServletRequest request, ServletResponse response)
			throws ServletException, IOException {
		ServletFilterChain chain = this.context.filterChain(DispatcherType.ASYNC, this.servlet,
				(this.path != null) ? this.path : pathWithinContext((HttpServletRequest) request));
		containerRequest.setAsyncSupported(chain.isAsyncSupported());
		chain.doFilter(dispatchedRequest(DispatcherType.ASYNC, request), response);
	}

	private void dispatch(DispatcherType type, ServletRequest request, ServletResponse response)
			throws ServletException, IOException {
		String filterPath = (this.path != null) ? this.path : pathWithinContext((HttpServletRequest) request);
		this.context.filterChain(type, this.servlet, filterPath).doFilter(dispatchedRequest(type, request), response);
	}

	private DispatchedRequest dispatchedRequest(DispatcherType type, ServletRequest request) {
		HttpServletRequest httpRequest = (HttpServletRequest) request;
		return (this.match != null)
				? DispatchedRequest.toPath(type, httpRequest, this.context, this.match, this.path, this.queryString)
				: DispatchedRequest.named(type, httpRequest);
	}

	private static String pathWithinContext(HttpServletRequest request) {
		String pathInfo = request.getPathInfo();
		return request.getServletPath() + ((pathInfo != null) ? pathInfo : "");
	}

	static @Nullable UndertideHttpServletResponse unwrap(ServletResponse response) {
		ServletResponse current = response;
		while (current instanceof ServletResponseWrapper wrapper) {
			current = wrapper.getResponse();
		}
		return (current instanceof UndertideHttpServletResponse containerResponse) ? containerResponse : null;
	}

	/** Resolves a dispatcher path relative to the current servlet path and path info. */
	static String resolve(String path, String servletPath, @Nullable String pathInfo) {
		if (path == null || path.startsWith("/")) {
			return path;
		}
		String current = servletPath + ((pathInfo != null) ? pathInfo : "");
		int lastSlash = current.lastIndexOf('/');
		String base = (lastSlash >= 0) ? current.substring(0, lastSlash + 1) : "/";
		return base + path;
	}

	/**
	 * A redirect location as sent: absolute URLs and path-absolute ones unchanged, relative ones resolved
	 * against the request URI, as RFC 9110 §10.2.2 lets the client do with a relative reference.
	 */
	static String resolveRedirect(String location, String requestUri) {
		if (location.startsWith("/") || location.contains("://")) {
			return location;
		}
		int lastSlash = requestUri.lastIndexOf('/');
		String resolved = requestUri.substring(0, lastSlash + 1) + location;
		int query = resolved.indexOf('?');
		String pathPart = (query >= 0) ? resolved.substring(0, query) : resolved;
		String normalized = RequestPaths.normalize(pathPart);
		return ((normalized != null) ? normalized : pathPart) + ((query >= 0) ? resolved.substring(query) : "");
	}

}
