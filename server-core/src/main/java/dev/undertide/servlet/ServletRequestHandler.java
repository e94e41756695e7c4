package dev.undertide.servlet;

import java.util.concurrent.Executor;

import dev.undertide.server.PlainText;
import dev.undertide.server.WorkerTaskQueue;
import dev.undertide.servlet.mapping.PathMatch;
import dev.undertide.servlet.mapping.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import jakarta.servlet.DispatcherType;
import org.jspecify.annotations.Nullable;
import org.xnio.XnioWorker;

/**
 * The one {@link HttpHandler} between undertow and the servlet layer: it moves the request off the I/O
 * thread, finds the target servlet for the path within the context and starts a {@link ServletCall}.
 */
final class ServletRequestHandler implements HttpHandler {

	private final UndertideServletContext context;

	private final String contextPath;

	private final @Nullable Executor workerExecutor;

	private volatile @Nullable WorkerTaskQueue workerTaskQueue;

	ServletRequestHandler(UndertideServletContext context, @Nullable Executor workerExecutor) {
		this.context = context;
		this.contextPath = context.getContextPath();
		this.workerExecutor = workerExecutor;
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		if (exchange.isInIoThread()) {
			exchange.dispatch(executorFor(exchange), this);
			return;
		}
		String path = pathWithinContext(exchange);
		if (path == null) {
			return;
		}
		PathMatch<ManagedServlet> match = this.context.match(path);
		if (match == null) {
			PlainText.send(exchange, StatusCodes.NOT_FOUND, "Not Found");
			return;
		}
		long limit = exchange.getMaxEntitySize();
		long declared = exchange.getRequestContentLength();
		if (limit > 0 && declared > limit) {
			// Too large before a byte is read: 413 through the error pages, whatever the application would
			// have made of a failed read; the body is never read, so the connection closes after the answer.
			exchange.setPersistent(false);
			sendError(exchange, match, StatusCodes.REQUEST_ENTITY_TOO_LARGE,
					"The request body of " + declared + " bytes exceeds the limit of " + limit + " bytes");
			return;
		}
		ServletCall call = startCall(exchange, match);
		UndertideHttpServletRequest request = call.request();
		UndertideHttpServletResponse response = call.response();
		call.dispatch(() -> {
			ServletFilterChain chain = this.context.filterChain(DispatcherType.REQUEST, match.target(), path);
			request.setAsyncSupported(chain.isAsyncSupported());
			chain.doFilter(request, response);
		});
		if (call.asyncContext() != null) {
			// Keeps undertow from ending the exchange when this handler returns; the call ends it.
			exchange.dispatch(SameThreadExecutor.INSTANCE, call::dispatchReturned);
		}
		else {
			call.dispatchReturned();
		}
	}

	/**
	 * Answers a request the server refused before it reached a servlet with the error status, through the
	 * error pages, on a worker thread as any servlet request.
	 */
	void refuse(HttpServerExchange exchange, int status, String reason) {
		if (exchange.isInIoThread()) {
			exchange.dispatch(executorFor(exchange), () -> refuse(exchange, status, reason));
			return;
		}
		String path = pathWithinContext(exchange);
		if (path == null) {
			return;
		}
		PathMatch<ManagedServlet> match = this.context.match(path);
		if (match == null) {
			PlainText.send(exchange, status, reason);
			return;
		}
		sendError(exchange, match, status, reason);
	}

	private void sendError(HttpServerExchange exchange, PathMatch<ManagedServlet> match, int status, String reason) {
		ServletCall call = startCall(exchange, match);
		call.dispatch(() -> call.response().sendError(status, reason));
		call.dispatchReturned();
	}

	private ServletCall startCall(HttpServerExchange exchange, PathMatch<ManagedServlet> match) {
		exchange.startBlocking();
		UndertideHttpServletRequest request = new UndertideHttpServletRequest(exchange, this.context, match);
		UndertideHttpServletResponse response = new UndertideHttpServletResponse(exchange, this.context, request);
		request.setResponse(response);
		ServletCall call = new ServletCall(exchange, this.context, executorFor(exchange), request, response);
		request.setCall(call);
		response.setCall(call);
		this.context.requestInitialized(request);
		return call;
	}

	private Executor executorFor(HttpServerExchange exchange) {
		if (this.workerExecutor != null) {
			return this.workerExecutor;
		}
		XnioWorker worker = exchange.getConnection().getWorker();
		WorkerTaskQueue queue = this.workerTaskQueue;
		if (queue == null || !queue.feeds(worker)) {
			// The first request, or the first after a restart, which starts a new worker.
			queue = WorkerTaskQueue.of(worker);
			this.workerTaskQueue = queue;
		}
		return queue;
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
				PlainText.send(exchange, StatusCodes.NOT_FOUND, "Not Found");
				return null;
			}
			if (requestPath.length() == this.contextPath.length()) {
				String query = exchange.getQueryString();
				exchange.getResponseHeaders()
					.put(Headers.LOCATION,
							this.contextPath + "/" + ((query == null || query.isEmpty()) ? "" : "?" + query));
				PlainText.send(exchange, StatusCodes.FOUND, "");
				return null;
			}
			if (requestPath.charAt(this.contextPath.length()) != '/') {
				PlainText.send(exchange, StatusCodes.NOT_FOUND, "Not Found");
				return null;
			}
			requestPath = requestPath.substring(this.contextPath.length());
		}
		String normalized = RequestPaths.normalize(requestPath);
		if (normalized == null) {
			PlainText.send(exchange, StatusCodes.BAD_REQUEST, "Bad Request: the path leaves the root");
			return null;
		}
		return normalized;
	}


}
