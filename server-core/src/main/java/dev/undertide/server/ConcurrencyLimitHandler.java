package dev.undertide.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.undertow.server.Connectors;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import org.xnio.XnioExecutor;

/**
 * Lets at most a given number of requests be handled at once. Requests beyond it wait in a bounded queue
 * for a slot, at most for the queue timeout; when the queue is full or the wait runs out they are answered
 * {@code 503 Service Unavailable} with {@code Retry-After}: never a hang, never a dropped connection.
 * It counts those refusals by reason, for health and metrics. When the server stops, the connections it
 * closes end their requests: slots are freed, not handed over, and queued requests leave the queue, so a
 * restarted server starts with every slot free.
 */
public final class ConcurrencyLimitHandler implements HttpHandler {

	private final HttpHandler next;

	private final int maxConcurrent;

	private final int queueSize;

	private final long queueTimeoutMillis;

	private final long retryAfterSeconds;

	private final Object monitor = new Object();

	/** Guarded by the monitor. */
	private int active;

	/** Guarded by the monitor. */
	private final Queue<Waiting> waiting = new ArrayDeque<>();

	private final LongAdder rejectedQueueFull = new LongAdder();

	private final LongAdder rejectedQueueTimeout = new LongAdder();

	private final ExchangeCompletionListener release = this::released;

	private final ExchangeCompletionListener leaveQueue = this::endedWhileQueued;

	private final HttpHandler reject = this::reject;

	private final RefusalResponder refusals;

	public ConcurrencyLimitHandler(HttpHandler next, int maxConcurrent, int queueSize, Duration queueTimeout,
			Duration retryAfter, RefusalResponder refusals) {
		this.next = next;
		this.refusals = refusals;
		this.maxConcurrent = maxConcurrent;
		this.queueSize = queueSize;
		this.queueTimeoutMillis = queueTimeout.toMillis();
		this.retryAfterSeconds = Math.max(retryAfter.toSeconds(), 1);
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		boolean admitted = false;
		boolean queued = false;
		synchronized (this.monitor) {
			if (this.active < this.maxConcurrent) {
				this.active++;
				admitted = true;
			}
			else if (this.waiting.size() < this.queueSize) {
				Waiting entry = new Waiting(exchange);
				this.waiting.add(entry);
				entry.timeout = exchange.getIoThread()
					.executeAfter(() -> timedOut(entry), this.queueTimeoutMillis, TimeUnit.MILLISECONDS);
				queued = true;
			}
		}
		if (admitted) {
			exchange.addExchangeCompleteListener(this.release);
			this.next.handleRequest(exchange);
		}
		else if (queued) {
			exchange.addExchangeCompleteListener(this.leaveQueue);
			// Keeps the exchange open after this handler returns; a freed slot or the timeout resumes it.
			exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
			});
		}
		else {
			this.rejectedQueueFull.increment();
			reject(exchange);
		}
	}

	private void released(HttpServerExchange exchange, ExchangeCompletionListener.NextListener nextListener) {
		try {
			Waiting handOver;
			synchronized (this.monitor) {
				// A stopping server runs nothing more: the queued requests end with their connections.
				handOver = isStopping(exchange) ? null : this.waiting.poll();
				if (handOver == null) {
					this.active--;
				}
				else {
					handOver.timeout.remove();
				}
			}
			if (handOver != null) {
				handOver.exchange.addExchangeCompleteListener(this.release);
				handOver.exchange.dispatch(this.next);
			}
		}
		finally {
			nextListener.proceed();
		}
	}

	private static boolean isStopping(HttpServerExchange exchange) {
		return exchange.getConnection().getWorker().isShutdown();
	}

	/**
	 * A queued request ended: if before it got a slot, its connection was closed (as by a stopping server)
	 * and it leaves the queue; its timeout then finds it gone.
	 */
	private void endedWhileQueued(HttpServerExchange exchange, ExchangeCompletionListener.NextListener nextListener) {
		try {
			synchronized (this.monitor) {
				this.waiting.removeIf((entry) -> entry.exchange == exchange);
			}
		}
		finally {
			nextListener.proceed();
		}
	}

	private void timedOut(Waiting entry) {
		boolean removed;
		synchronized (this.monitor) {
			removed = this.waiting.remove(entry);
		}
		if (removed) {
			this.rejectedQueueTimeout.increment();
			Connectors.executeRootHandler(this.reject, entry.exchange);
		}
	}

	private void reject(HttpServerExchange exchange) {
		exchange.getResponseHeaders().put(Headers.RETRY_AFTER, this.retryAfterSeconds);
		this.refusals.refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE,
				"The server is at capacity; retry after " + this.retryAfterSeconds + " s");
	}

	public int getMaxConcurrent() {
		return this.maxConcurrent;
	}

	public int getQueueSize() {
		return this.queueSize;
	}

	/** Requests holding a slot. */
	public int getActive() {
		synchronized (this.monitor) {
			return this.active;
		}
	}

	/** Requests waiting for a slot. */
	public int getQueued() {
		synchronized (this.monitor) {
			return this.waiting.size();
		}
	}

	/** Requests answered 503 because the queue was full, since the handler was created. */
	public long getRejectedQueueFull() {
		return this.rejectedQueueFull.sum();
	}

	/** Requests answered 503 because they waited longer than the queue timeout, since the handler was created. */
	public long getRejectedQueueTimeout() {
		return this.rejectedQueueTimeout.sum();
	}

	private static final class Waiting {

		private final HttpServerExchange exchange;

		private XnioExecutor.Key timeout;

		private Waiting(HttpServerExchange exchange) {
			this.exchange = exchange;
		}

	}

}
