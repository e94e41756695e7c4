package dev.undertide.server;

import java.util.concurrent.atomic.AtomicLong;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.jspecify.annotations.Nullable;

/**
 * Counts the requests in flight, from arrival until the exchange completes (async ones included), and
 * drains them for a graceful shutdown: once draining, requests that still arrive on open connections are
 * answered and their connections closed afterwards, never refused, and an action runs as soon as none is
 * in flight.
 */
public final class InFlightRequestsHandler implements HttpHandler {

	private final HttpHandler next;

	private final AtomicLong inFlight = new AtomicLong();

	private final ExchangeCompletionListener completion = this::completed;

	private final Object monitor = new Object();

	private volatile boolean draining;

	private @Nullable Runnable whenIdle;

	public InFlightRequestsHandler(HttpHandler next) {
		this.next = next;
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		this.inFlight.incrementAndGet();
		exchange.addExchangeCompleteListener(this.completion);
		if (this.draining) {
			exchange.setPersistent(false);
		}
		this.next.handleRequest(exchange);
	}

	private void completed(HttpServerExchange exchange, ExchangeCompletionListener.NextListener next) {
		try {
			if (this.inFlight.decrementAndGet() == 0 && this.draining) {
				runIdleAction();
			}
		}
		finally {
			next.proceed();
		}
	}

	public long getInFlight() {
		return this.inFlight.get();
	}

	/** Whether a drain started and no {@link #resume()} followed. */
	public boolean isDraining() {
		return this.draining;
	}

	/** Starts draining; {@code whenIdle} runs once, when no request is in flight (at once if none is). */
	public void drain(Runnable whenIdle) {
		synchronized (this.monitor) {
			this.whenIdle = whenIdle;
			this.draining = true;
		}
		if (this.inFlight.get() == 0) {
			runIdleAction();
		}
	}

	/** Back to normal service, as after a restart; a pending idle action is dropped. */
	public void resume() {
		synchronized (this.monitor) {
			this.draining = false;
			this.whenIdle = null;
		}
	}

	private void runIdleAction() {
		Runnable action;
		synchronized (this.monitor) {
			action = this.whenIdle;
			this.whenIdle = null;
		}
		if (action != null) {
			action.run();
		}
	}

}
