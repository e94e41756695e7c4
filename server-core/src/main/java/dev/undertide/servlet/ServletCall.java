package dev.undertide.servlet;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.undertide.server.PeerCloseWatch;
import dev.undertide.server.WorkerTaskQueue;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.handlers.form.MultiPartParserDefinition.FileTooLargeException;
import io.undertow.util.StatusCodes;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;

/**
 * One request's way through the container: its dispatches (the first, then any async ones), its error
 * pages, and its end. {@link #end()} is the only place an exchange is ended, and it runs once, whichever
 * thread gets there.
 */
final class ServletCall {

	private static final Logger logger = Logger.getLogger(ServletCall.class.getName());

	private final HttpServerExchange exchange;

	private final UndertideServletContext context;

	private final Executor executor;

	private final UndertideHttpServletRequest request;

	private final UndertideHttpServletResponse response;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final SerialCallbacks callbacks;

	private @Nullable ServletAsyncContext asyncContext;

	private @Nullable PeerCloseWatch peerCloseWatch;

	private boolean peerCloseWatchTried;

	ServletCall(HttpServerExchange exchange, UndertideServletContext context, Executor executor,
			UndertideHttpServletRequest request, UndertideHttpServletResponse response) {
		this.exchange = exchange;
		this.context = context;
		this.executor = executor;
		this.request = request;
		this.response = response;
		this.callbacks = new SerialCallbacks(executor);
	}

	/**
	 * Runs a blocking wait for the client to send or to take more. On the XNIO worker pool, the pool may start
	 * another thread meanwhile, so that slow clients cannot hold every thread.
	 */
	static void waitForClient(@Nullable ServletCall call, WorkerTaskQueue.ClientWait wait) throws IOException {
		if (call != null && call.executor instanceof WorkerTaskQueue queue) {
			queue.whileWaitingForClient(wait);
		}
		else {
			wait.run();
		}
	}

	/** Where the request's read and write listener callbacks run, one at a time. */
	SerialCallbacks callbacks() {
		return this.callbacks;
	}

	HttpServerExchange exchange() {
		return this.exchange;
	}

	UndertideServletContext context() {
		return this.context;
	}

	Executor executor() {
		return this.executor;
	}

	/**
	 * Runs a step that ends the request (the client gone, the cycle completed, the dispatch that answers it)
	 * on a worker, or on the thread at hand once a stopping server's workers take no more: the application
	 * still hears that its request ended, and the request is not left in flight.
	 */
	void runToTheEnd(Runnable step) {
		if (this.executor instanceof WorkerTaskQueue && !this.exchange.isInIoThread()) {
			// Asked for by another thread, typically the application's: the request's I/O thread hands it over
			// with the requests of its current pass, instead of it waking a worker thread of its own.
			try {
				this.exchange.getIoThread().execute(() -> runOnWorker(step));
				return;
			}
			catch (RejectedExecutionException ex) {
				// The server is stopping: run it below.
			}
		}
		runOnWorker(step);
	}

	private void runOnWorker(Runnable step) {
		try {
			this.executor.execute(step);
		}
		catch (RejectedExecutionException ex) {
			step.run();
		}
	}

	UndertideHttpServletRequest request() {
		return this.request;
	}

	UndertideHttpServletResponse response() {
		return this.response;
	}

	@Nullable ServletAsyncContext asyncContext() {
		return this.asyncContext;
	}

	ServletAsyncContext asyncContext(ServletAsyncContext created) {
		if (this.asyncContext == null) {
			this.asyncContext = created;
		}
		return this.asyncContext;
	}

	/**
	 * Runs one dispatch on the current thread. Failures become error pages; the response stays open when
	 * the application started async processing.
	 */
	void dispatch(ServletDispatch dispatch) {
		this.callbacks.hold();
		ServletAsyncContext async = this.asyncContext;
		if (async != null) {
			async.dispatchStarted();
		}
		try {
			dispatch.run();
		}
		catch (Throwable failure) {
			if (isAsyncStarted()) {
				this.asyncContext.fail(failure);
			}
			else {
				fail(failure);
			}
		}
	}

	boolean isAsyncStarted() {
		ServletAsyncContext async = this.asyncContext;
		return async != null && async.isStarted();
	}

	/** After a dispatch returned: the async cycle decides what follows, else the response is finished. */
	void dispatchReturned() {
		this.callbacks.release();
		ServletAsyncContext async = this.asyncContext;
		if (async != null) {
			async.dispatchReturned();
		}
		else {
			finish();
		}
	}

	/** Sends a pending error page, completes the body and ends the exchange. */
	void finish() {
		stopWatchingPeer();
		try {
			if (this.response.isErrorSent() && !this.response.isCommitted()) {
				sendErrorPage(this.response.getStatus(), null, this.response.getErrorMessage());
			}
			this.response.finish();
		}
		catch (Throwable failure) {
			fail(failure);
		}
		end();
	}

	/** A failure that escaped the application: an error page if nothing was sent yet, else an abort. */
	void fail(Throwable failure) {
		stopWatchingPeer();
		if (this.response.isCommitted()) {
			abort(failure);
			return;
		}
		int status = statusFor(failure);
		if (status == StatusCodes.INTERNAL_SERVER_ERROR) {
			logger.log(Level.SEVERE, "Servlet request for " + this.request.getRequestURI() + " failed", failure);
		}
		try {
			sendErrorPage(status, failure, failure.getMessage());
			this.response.finish();
		}
		catch (Throwable errorPageFailure) {
			logger.log(Level.SEVERE, "Error page for " + this.request.getRequestURI() + " failed",
					errorPageFailure);
			if (this.response.isCommitted()) {
				abort(errorPageFailure);
			}
			else {
				this.exchange.setStatusCode(status);
			}
		}
	}

	/**
	 * Part of the body is out; ending it normally would pass a truncated body off as complete, so the
	 * connection is closed instead.
	 */
	private void abort(Throwable failure) {
		logger.log(Level.FINE, "Request failed after the response was committed; closing the connection",
				failure);
		IoUtils.safeClose(this.exchange.getConnection());
	}

	/**
	 * Watches for the client going away while the application holds the request; on the first call only,
	 * and only where the whole request has been read.
	 */
	void watchPeer() {
		if (!this.peerCloseWatchTried) {
			this.peerCloseWatchTried = true;
			this.peerCloseWatch = PeerCloseWatch.start(this.exchange, () -> runToTheEnd(this::peerGone));
		}
	}

	private void peerGone() {
		ServletAsyncContext async = this.asyncContext;
		if (async != null) {
			async.peerGone();
		}
	}

	/** Stops a peer-close watch; whatever ends the response must call this first. */
	private void stopWatchingPeer() {
		PeerCloseWatch watch = this.peerCloseWatch;
		if (watch != null) {
			this.peerCloseWatch = null;
			watch.stop();
		}
	}

	/** Ends the exchange, once. */
	void end() {
		if (this.ended.compareAndSet(false, true)) {
			try {
				this.context.requestDestroyed(this.request);
			}
			finally {
				stopWatchingPeer();
				this.exchange.endExchange();
			}
		}
	}

	private static int statusFor(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestTooBigException || cause instanceof FileTooLargeException) {
				return StatusCodes.REQUEST_ENTITY_TOO_LARGE;
			}
			if (cause instanceof BadRequestException) {
				return StatusCodes.BAD_REQUEST;
			}
		}
		return StatusCodes.INTERNAL_SERVER_ERROR;
	}

	/** Runs the error page for a status or exception; without one the status goes out with no body. */
	void sendErrorPage(int status, @Nullable Throwable exception, @Nullable String message)
			throws ServletException, IOException {
		ErrorPages errorPages = this.context.errorPages();
		String location = (exception != null) ? errorPages.forException(exception, status)
				: errorPages.forStatus(status);
		this.response.prepareErrorPage(status);
		if (location == null) {
			return;
		}
		UndertideHttpServletRequest request = this.request;
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
			errorDispatcher.error(request, this.response);
		}
	}

	/** The body of a dispatch: filters and servlet. */
	@FunctionalInterface
	interface ServletDispatch {

		void run() throws ServletException, IOException;

	}

}
