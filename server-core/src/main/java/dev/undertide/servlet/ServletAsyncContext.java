package dev.undertide.servlet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.undertow.util.StatusCodes;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * The async cycle of one request (Servlet §2.3.3.3). Its state machine decides who goes on after a
 * dispatch returns: nobody yet (the application holds the request until it calls {@link #complete()} or
 * {@link #dispatch()}, or the timeout fires), an async dispatch, or completion. A {@code complete} or
 * {@code dispatch} asked for while a dispatch is still running waits until it returns, so the container
 * never works on a request from two threads at once.
 */
final class ServletAsyncContext implements AsyncContext {

	private static final Logger logger = Logger.getLogger(ServletAsyncContext.class.getName());

	static final long DEFAULT_TIMEOUT_MILLIS = 30_000;

	private final ServletCall call;

	private final List<RegisteredListener> listeners = new ArrayList<>();

	private ServletRequest request;

	private ServletResponse response;

	private boolean originalRequestAndResponse;

	private long timeoutMillis = DEFAULT_TIMEOUT_MILLIS;

	// State, guarded by this.

	/** A container dispatch, or a container callback to the listeners, is running. */
	private boolean dispatching = true;

	/** startAsync was called and neither complete nor dispatch has been asked for since. */
	private boolean started;

	/** What to do once the running dispatch returns. */
	private @Nullable Runnable pending;

	private boolean completed;

	/** Counts async cycles, so a timeout armed for an earlier cycle cannot fire into a later one. */
	private int cycle;

	private XnioExecutor.@Nullable Key timeoutKey;

	ServletAsyncContext(ServletCall call, ServletRequest request, ServletResponse response) {
		this.call = call;
		this.request = request;
		this.response = response;
	}

	/** Called by {@code startAsync}, during a dispatch. */
	void start(ServletRequest request, ServletResponse response, boolean original) {
		List<RegisteredListener> previous;
		synchronized (this) {
			if (!this.dispatching) {
				throw new IllegalStateException("startAsync can only be called while the request is dispatched");
			}
			if (this.started || this.pending != null) {
				throw new IllegalStateException("Async processing has already been started for this dispatch");
			}
			if (this.completed) {
				throw new IllegalStateException("The async cycle of this request has completed");
			}
			this.started = true;
			this.cycle++;
			this.request = request;
			this.response = response;
			this.originalRequestAndResponse = original;
			previous = new ArrayList<>(this.listeners);
			this.listeners.clear();
		}
		for (RegisteredListener listener : previous) {
			notify(listener, "onStartAsync", null, (target, event) -> target.onStartAsync(event));
		}
	}

	/**
	 * Whether the request is in async mode as the application sees it: from {@code startAsync} until the
	 * dispatch that started it has returned, even when {@code complete} or {@code dispatch} was asked for
	 * meanwhile (as Tomcat reports it, and as Spring MVC relies on), and while nobody has asked for either.
	 */
	synchronized boolean isStarted() {
		return this.started || this.pending != null;
	}

	synchronized void dispatchStarted() {
		this.dispatching = true;
	}

	/**
	 * Called on the dispatching thread after a dispatch returned: runs what was asked for meanwhile, waits
	 * for the application when it still holds the request, or, when the async cycle is over, completes it
	 * (listeners hear {@code onComplete} however the cycle ended).
	 */
	void dispatchReturned() {
		Runnable action;
		synchronized (this) {
			if (this.completed) {
				return;
			}
			this.dispatching = false;
			action = this.pending;
			this.pending = null;
			if (action == null) {
				if (this.started) {
					armTimeout();
					this.call.watchPeer();
					return;
				}
				action = this::completeNow;
			}
			this.dispatching = true;
		}
		action.run();
	}

	@Override
	public void complete() {
		synchronized (this) {
			if (this.completed || this.pending != null && !this.started) {
				return;
			}
			if (!this.started) {
				throw new IllegalStateException("Async processing has not been started, or was already dispatched");
			}
			this.started = false;
			cancelTimeout();
			if (this.dispatching) {
				this.pending = this::completeNow;
				return;
			}
			this.dispatching = true;
		}
		this.call.runToTheEnd(this::completeNow);
	}

	private void completeNow() {
		synchronized (this) {
			if (this.completed) {
				return;
			}
			this.completed = true;
		}
		this.call.finish();
		for (RegisteredListener listener : listenersSnapshot()) {
			notify(listener, "onComplete", null, (target, event) -> target.onComplete(event));
		}
	}

	@Override
	public void dispatch() {
		ServletRequest current = this.request;
		if (current instanceof HttpServletRequest httpRequest && !this.originalRequestAndResponse) {
			String pathInfo = httpRequest.getPathInfo();
			dispatch(httpRequest.getServletPath() + ((pathInfo != null) ? pathInfo : ""));
			return;
		}
		UndertideHttpServletRequest original = this.call.request();
		String pathInfo = original.getPathInfo();
		dispatch(original.getServletPath() + ((pathInfo != null) ? pathInfo : ""));
	}

	@Override
	public void dispatch(String path) {
		dispatch(this.call.context(), path);
	}

	@Override
	public void dispatch(ServletContext context, String path) {
		if (context != this.call.context()) {
			throw new IllegalArgumentException("Undertide runs one servlet context; it cannot dispatch to another");
		}
		synchronized (this) {
			if (!this.started) {
				throw new IllegalStateException("Async processing has not been started, or was already completed");
			}
			this.started = false;
			cancelTimeout();
			if (this.dispatching) {
				this.pending = () -> runAsyncDispatch(path);
				return;
			}
			this.dispatching = true;
		}
		this.call.runToTheEnd(() -> runAsyncDispatch(path));
	}

	private void runAsyncDispatch(String path) {
		this.call.dispatch(() -> {
			RequestDispatcher dispatcher = this.call.context().getRequestDispatcher(path);
			if (!(dispatcher instanceof ContainerRequestDispatcher target)) {
				throw new ServletException("No servlet is mapped to the async dispatch path " + path);
			}
			target.asyncDispatch(this.call.request(), this.request, this.response);
		});
		this.call.dispatchReturned();
	}

	/**
	 * An exception escaped a dispatch in which async processing was started: listeners hear of it first;
	 * if none of them completes or dispatches, an error page is sent and the cycle completes.
	 */
	void fail(Throwable failure) {
		for (RegisteredListener listener : listenersSnapshot()) {
			notify(listener, "onError", failure, (target, event) -> target.onError(event));
		}
		boolean unhandled;
		synchronized (this) {
			unhandled = this.started;
			if (unhandled) {
				this.started = false;
				cancelTimeout();
			}
		}
		if (unhandled) {
			this.call.fail(failure);
			synchronized (this) {
				this.pending = this::completeNow;
			}
		}
	}

	private void armTimeout() {
		if (this.timeoutMillis <= 0) {
			return;
		}
		int armedCycle = this.cycle;
		this.timeoutKey = this.call.exchange()
			.getIoThread()
			.executeAfter(() -> this.call.executor().execute(() -> timeout(armedCycle)), this.timeoutMillis,
					TimeUnit.MILLISECONDS);
	}

	private void cancelTimeout() {
		if (this.timeoutKey != null) {
			this.timeoutKey.remove();
			this.timeoutKey = null;
		}
	}

	/** Listeners hear of the timeout; if none of them completes or dispatches, a 500 is sent. */
	private void timeout(int armedCycle) {
		whileHeld(armedCycle, "onTimeout", null, (target, event) -> target.onTimeout(event), () -> {
			if (!this.call.response().isCommitted()) {
				try {
					this.call.sendErrorPage(StatusCodes.INTERNAL_SERVER_ERROR, null, "Async processing timed out");
				}
				catch (ServletException | IOException | RuntimeException ex) {
					logger.log(Level.WARNING, "Error page after an async timeout failed", ex);
				}
			}
		});
	}

	/**
	 * The client went away: the connection is closed so that writes fail at once, and listeners hear of it
	 * as an error; if none of them completes or dispatches, the cycle completes.
	 */
	void peerGone() {
		IOException gone = new IOException("The client closed the connection");
		this.call.response().clientGone(gone);
		IoUtils.safeClose(this.call.exchange().getConnection());
		whileHeld(-1, "onError", gone, (target, event) -> target.onError(event), () -> {
		});
	}

	/**
	 * Tells the listeners of an event that happened while the application held the request (not during a
	 * dispatch); when none of them completes or dispatches, {@code unhandled} runs and the cycle completes.
	 * @param armedCycle the cycle the event belongs to, or -1 for whichever is current
	 */
	private void whileHeld(int armedCycle, String callback, @Nullable Throwable failure, ListenerCallback action,
			Runnable unhandled) {
		synchronized (this) {
			if (!this.started || this.dispatching || this.completed || (armedCycle >= 0 && armedCycle != this.cycle)) {
				return;
			}
			this.dispatching = true;
			cancelTimeout();
		}
		for (RegisteredListener listener : listenersSnapshot()) {
			notify(listener, callback, failure, action);
		}
		boolean nobodyActed;
		synchronized (this) {
			nobodyActed = this.started;
			if (nobodyActed) {
				this.started = false;
				this.pending = this::completeNow;
			}
		}
		if (nobodyActed) {
			unhandled.run();
		}
		this.call.dispatchReturned();
	}

	private synchronized List<RegisteredListener> listenersSnapshot() {
		return new ArrayList<>(this.listeners);
	}

	private void notify(RegisteredListener registered, String callback, @Nullable Throwable failure,
			ListenerCallback action) {
		AsyncEvent event = new AsyncEvent(this, registered.request(), registered.response(), failure);
		try {
			action.call(registered.listener(), event);
		}
		catch (IOException | RuntimeException ex) {
			logger.log(Level.WARNING, "AsyncListener." + callback + " failed", ex);
		}
	}

	@Override
	public ServletRequest getRequest() {
		return this.request;
	}

	@Override
	public ServletResponse getResponse() {
		return this.response;
	}

	@Override
	public boolean hasOriginalRequestAndResponse() {
		return this.originalRequestAndResponse;
	}

	@Override
	public void start(Runnable task) {
		ClassLoader classLoader = this.call.context().getClassLoader();
		this.call.executor().execute(() -> {
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(classLoader);
			try {
				task.run();
			}
			finally {
				thread.setContextClassLoader(previous);
			}
		});
	}

	@Override
	public void addListener(AsyncListener listener) {
		addListener(listener, this.request, this.response);
	}

	@Override
	public synchronized void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
		this.listeners.add(new RegisteredListener(listener, request, response));
	}

	@Override
	public <T extends AsyncListener> T createListener(Class<T> listenerClass) throws ServletException {
		return this.call.context().instantiate(listenerClass, listenerClass.getName());
	}

	@Override
	public synchronized void setTimeout(long timeout) {
		this.timeoutMillis = timeout;
	}

	@Override
	public synchronized long getTimeout() {
		return this.timeoutMillis;
	}

	private record RegisteredListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
	}

	@FunctionalInterface
	private interface ListenerCallback {

		void call(AsyncListener listener, AsyncEvent event) throws IOException;

	}

}
