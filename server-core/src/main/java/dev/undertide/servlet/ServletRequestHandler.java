package dev.undertide.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.undertide.servlet.mapping.PathMatch;
import dev.undertide.servlet.mapping.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;

/**
 * Runs a request for the context through its filters and servlet on a worker thread, then applies the
 * error pages: the one {@link HttpHandler} between undertow and the servlet layer.
 */
final class ServletRequestHandler implements HttpHandler {

	private static final Logger logger = Logger.getLogger(ServletRequestHandler.class.getName());

	private final UndertideServletContext context;

	private final String contextPath;

	private final @Nullable Executor workerExecutor;

	ServletRequestHandler(UndertideServletContext context, @Nullable Executor workerExecutor) {
		this.context = context;
		this.contextPath = context.getContextPath();
		this.workerExecutor = workerExecutor;
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		if (exchange.isInIoThread()) {
			if (this.workerExecutor != null) {
				exchange.dispatch(this.workerExecutor, this);
			}
			else {
				exchange.dispatch(this);
			}
			return;
		}
		String path = pathWithinContext(exchange);
		if (path == null) {
			return;
		}
		exchange.startBlocking();
		PathMatch<ManagedServlet> match = this.context.match(path);
		if (match == null) {
			sendPlain(exchange, StatusCodes.NOT_FOUND, "Not Found");
			return;
		}
		UndertideHttpServletRequest request = new UndertideHttpServletRequest(exchange, this.context, match);
		UndertideHttpServletResponse response = new UndertideHttpServletResponse(exchange, this.context, request);
		request.setResponse(response);
		this.context.requestInitialized(request);
		try {
			service(request, response, path, match);
		}
		finally {
			this.context.requestDestroyed(request);
		}
	}

	private void service(UndertideHttpServletRequest request, UndertideHttpServletResponse response, String path,
			PathMatch<ManagedServlet> match) throws IOException {
		try {
			ServletFilterChain chain = this.context.filterChain(DispatcherType.REQUEST, match.target(), path);
			request.setAsyncSupported(chain.isAsyncSupported());
			chain.doFilter(request, response);
			if (response.isErrorSent() && !response.isCommitted()) {
				sendErrorPage(request, response, response.getStatus(), null, response.getErrorMessage());
			}
			response.finish();
		}
		catch (Throwable ex) {
			handleFailure(request, response, ex);
		}
	}

	private void handleFailure(UndertideHttpServletRequest request, UndertideHttpServletResponse response,
			Throwable failure) throws IOException {
		HttpServerExchange exchange = request.getExchange();
		if (response.isCommitted()) {
			// Part of the body is out; ending it normally would pass a truncated body off as complete.
			logger.log(Level.FINE, "Request failed after the response was committed; closing the connection",
					failure);
			IoUtils.safeClose(exchange.getConnection());
			return;
		}
		int status = statusFor(failure);
		if (status == StatusCodes.INTERNAL_SERVER_ERROR) {
			logger.log(Level.SEVERE, "Servlet request for " + request.getRequestURI() + " failed", failure);
		}
		try {
			sendErrorPage(request, response, status, failure, failure.getMessage());
			response.finish();
		}
		catch (Throwable errorPageFailure) {
			logger.log(Level.SEVERE, "Error page for " + request.getRequestURI() + " failed", errorPageFailure);
			if (!response.isCommitted()) {
				sendPlain(exchange, status, StatusCodes.getReason(status));
			}
			else {
				IoUtils.safeClose(exchange.getConnection());
			}
		}
	}

	private static int statusFor(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestTooBigException) {
				return StatusCodes.REQUEST_ENTITY_TOO_LARGE;
			}
			if (cause instanceof TooManyParametersException) {
				return StatusCodes.BAD_REQUEST;
			}
		}
		return StatusCodes.INTERNAL_SERVER_ERROR;
	}

	/** Runs the error page for a status or exception; without one the status goes out with no body. */
	private void sendErrorPage(UndertideHttpServletRequest request, UndertideHttpServletResponse response,
			int status, @Nullable Throwable exception, @Nullable String message) throws ServletException, IOException {
		ErrorPages errorPages = this.context.errorPages();
		String location = (exception != null) ? errorPages.forException(exception, status)
				: errorPages.forStatus(status);
		response.prepareErrorPage(status);
		if (location == null) {
			return;
		}
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		request.setAttribute(RequestDispatcher.ERROR_MESSAGE, (message != null) ? message : "");
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
		request.setAttribute(RequestDispatcher.ERROR_QUERY_STRING, request.getQueryString());
		request.setAttribute(RequestDispatcher.ERROR_METHOD, request.getMethod());
		request.setAttribute(RequestDispatcher.ERROR_SERVLET_NAME, request.getServletName());
		if (exception != null) {
			Throwable reported = (exception instanceof ServletException servletException
					&& servletException.getRootCause() != null) ? servletException.getRootCause() : exception;
			request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, reported);
			request.setAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE, reported.getClass());
		}
		RequestDispatcher dispatcher = this.context.getRequestDispatcher(location);
		if (dispatcher instanceof ContainerRequestDispatcher errorDispatcher) {
			errorDispatcher.error(request, response);
		}
	}

	/**
	 * The decoded, normalised path within the context, or {@code null} when the request was answered here:
	 * outside the context (404), the bare context path (redirect to it with a slash), or a path that climbs
	 * out of the root (400).
	 */
	private @Nullable String pathWithinContext(HttpServerExchange exchange) {
		String requestPath = exchange.getRequestPath();
		if (!this.contextPath.isEmpty()) {
			if (!requestPath.startsWith(this.contextPath)) {
				sendPlain(exchange, StatusCodes.NOT_FOUND, "Not Found");
				return null;
			}
			if (requestPath.length() == this.contextPath.length()) {
				String query = exchange.getQueryString();
				exchange.getResponseHeaders()
					.put(Headers.LOCATION,
							this.contextPath + "/" + ((query == null || query.isEmpty()) ? "" : "?" + query));
				sendPlain(exchange, StatusCodes.FOUND, "");
				return null;
			}
			if (requestPath.charAt(this.contextPath.length()) != '/') {
				sendPlain(exchange, StatusCodes.NOT_FOUND, "Not Found");
				return null;
			}
			requestPath = requestPath.substring(this.contextPath.length());
		}
		String normalized = RequestPaths.normalize(requestPath);
		if (normalized == null) {
			sendPlain(exchange, StatusCodes.BAD_REQUEST, "Bad Request: the path leaves the root");
			return null;
		}
		return normalized;
	}

	private static void sendPlain(HttpServerExchange exchange, int status, String body) {
		exchange.setStatusCode(status);
		exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain;charset=UTF-8");
		exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
	}

}
