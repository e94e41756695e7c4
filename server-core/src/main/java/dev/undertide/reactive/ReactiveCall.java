package dev.undertide.reactive;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.undertide.server.PeerCloseWatch;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.xnio.IoUtils;
import reactor.core.CoreSubscriber;

import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * One request's way through the application's reactive handler, and its end. The handler's completion
 * ends the exchange; its failure ends it with a 500 or, once part of the body is out, by closing the
 * connection so that a truncated body is never passed off as complete; a client that goes away cancels
 * the handler, even while the response is idle. {@link #end()} is the only place the exchange is ended,
 * once, always on the I/O thread.
 */
final class ReactiveCall implements CoreSubscriber<Void> {

	private static final Logger logger = Logger.getLogger(ReactiveCall.class.getName());

	private final HttpServerExchange exchange;

	private final AtomicBoolean ended = new AtomicBoolean();

	private @Nullable ServerHttpResponse response;

	private @Nullable UndertideServerHttpResponse undertideResponse;

	private volatile @Nullable Subscription subscription;

	/** Guarded by this, like the decision to start one: a watch is started before the end or never. */
	private @Nullable PeerCloseWatch peerCloseWatch;

	/** Guarded by this. */
	private boolean peerCloseWatchTried;

	ReactiveCall(HttpServerExchange exchange) {
		this.exchange = exchange;
	}

	/**
	 * Set before the handler runs: failures must know whether the response was committed, and the end of
	 * the client's input whether the response is on its way.
	 * @param response what the handler writes to: ours, or a decorator of it
	 * @param undertideResponse ours
	 */
	void response(ServerHttpResponse response, UndertideServerHttpResponse undertideResponse) {
		this.response = response;
		this.undertideResponse = undertideResponse;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(Void unused) {
	}

	@Override
	public void onComplete() {
		end();
	}

	@Override
	public void onError(Throwable failure) {
		fail(failure);
	}

	/** A failure of the handler or of writing its response. */
	void fail(Throwable failure) {
		if (this.ended.get()) {
			return;
		}
		ServerHttpResponse response = this.response;
		if (response != null && response.isCommitted()) {
			logger.log(Level.FINE, "Reactive request failed after the response was committed; closing", failure);
			abort();
			return;
		}
		logger.log(Level.SEVERE, "Reactive request for " + this.exchange.getRequestURI() + " failed", failure);
		this.exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
		end();
	}

	/**
	 * Watches for the client going away while the application holds the request; from the time the whole
	 * request has been read, once.
	 */
	synchronized void watchPeer() {
		if (!this.peerCloseWatchTried && !this.ended.get()) {
			this.peerCloseWatchTried = true;
			this.peerCloseWatch = PeerCloseWatch.start(this.exchange, this::peerGone);
		}
	}

	/**
	 * The client's input ended or was reset. While part of the body waits for room in the socket, that write
	 * tells whether the client is still there: one that only half-closed after its request (RFC 9112 §9.6)
	 * reads the whole response, one that left makes the write fail. Otherwise the request is idle and its
	 * client gone: the application's publishers are cancelled and the connection closed.
	 */
	private void peerGone() {
		UndertideServerHttpResponse response = this.undertideResponse;
		if (response == null || !response.isWritePending()) {
			cancel();
		}
	}

	/**
	 * The connection was lost while the request body was read (cut short, malformed chunks, the read
	 * timeout). It is closed, and the response counts as committed, so the body's error reaches Spring as a
	 * client gone: no 500 is rendered into the closed connection, and no error logged for what a client did.
	 */
	void connectionLost() {
		UndertideServerHttpResponse response = this.undertideResponse;
		if (response != null) {
			response.connectionLost();
		}
		IoUtils.safeClose(this.exchange.getConnection());
	}

	/** Cancels the application's publishers and closes the connection. */
	private void cancel() {
		Subscription subscription = this.subscription;
		if (subscription != null) {
			subscription.cancel();
		}
		abort();
	}

	private void abort() {
		IoUtils.safeClose(this.exchange.getConnection());
		end();
	}

	/** Ends the exchange, once, on its I/O thread, where the response channel's events are handled. */
	void end() {
		synchronized (this) {
			if (!this.ended.compareAndSet(false, true)) {
				return;
			}
		}
		if (this.exchange.isInIoThread()) {
			endNow();
			return;
		}
		try {
			this.exchange.getIoThread().execute(this::endNow);
		}
		catch (RejectedExecutionException ex) {
			// The server is stopping: the exchange has ended already, or ends as its connection is closed.
		}
	}

	private void endNow() {
		stopWatchingPeer();
		UndertideServerHttpResponse response = this.undertideResponse;
		if (response != null) {
			response.whenWritten(this.exchange::endExchange);
		}
		else {
			this.exchange.endExchange();
		}
	}

	/**
	 * Stops watching for the client going away, for good. Must come before the last byte of the response
	 * is written: once the client has the whole response it may send its next request, which undertow must
	 * read, not the watch. And undertow ends an exchange by itself when a response of known length is
	 * complete.
	 */
	void stopWatchingPeer() {
		PeerCloseWatch watch;
		synchronized (this) {
			this.peerCloseWatchTried = true;
			watch = this.peerCloseWatch;
			this.peerCloseWatch = null;
		}
		if (watch != null) {
			watch.stop();
		}
	}

}
