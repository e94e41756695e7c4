package dev.undertide.server;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Notices, from the read side, that the client of an exchange went away (end of stream or reset) while
 * nothing is being read or written, as during a long poll or between the events of a stream. Only an
 * HTTP/1.x exchange whose request has been read completely can be watched: the bytes that then arrive
 * belong to the next request and are handed back to the connection instead of lost.
 * <p>
 * Arming and reading happen on the connection's I/O thread; stopping happens on the thread that asks for it.
 */
public final class PeerCloseWatch implements ReadReadyHandler {

	private final HttpServerExchange exchange;

	private final HttpServerConnection connection;

	private final StreamSourceConduit conduit;

	private final Runnable onPeerGone;

	/** Guarded by this; set on the I/O thread. */
	private boolean watching;

	/** Guarded by this. Arming is queued to the I/O thread; a stop may come first and must win. */
	private boolean stopped;

	private PeerCloseWatch(HttpServerExchange exchange, HttpServerConnection connection, Runnable onPeerGone) {
		this.exchange = exchange;
		this.connection = connection;
		this.conduit = connection.getOriginalSourceConduit();
		this.onPeerGone = onPeerGone;
	}

	/**
	 * Starts watching; {@code onPeerGone} runs on the I/O thread, at most once.
	 * @return the watch, or {@code null} when this exchange cannot be watched
	 */
	public static @Nullable PeerCloseWatch start(HttpServerExchange exchange, Runnable onPeerGone) {
		if (!exchange.isRequestComplete() || !(exchange.getConnection() instanceof HttpServerConnection connection)
				|| connection.getExtraBytes() != null) {
			return null;
		}
		PeerCloseWatch watch = new PeerCloseWatch(exchange, connection, onPeerGone);
		exchange.getIoThread().execute(watch::arm);
		return watch;
	}

	private synchronized void arm() {
		if (this.stopped || !this.connection.getChannel().isOpen() || this.exchange.isComplete()) {
			return;
		}
		this.watching = true;
		this.conduit.setReadReadyHandler(this);
		this.conduit.resumeReads();
	}

	/**
	 * Stops watching: reads are suspended and read events go back to the connection when this returns, so
	 * nothing is read after it. Must come before the response ends, since ending it lets undertow resume
	 * reads for the next request. Done on the calling thread rather than handed to the I/O thread and waited
	 * for, which cost an async request two thread switches: suspending is safe from any thread, and a read
	 * event the I/O thread took up meanwhile meets either this watch, no longer watching, or the connection's
	 * read listener, which suspends reads while a request runs in step with undertow ending the exchange.
	 */
	public synchronized void stop() {
		this.stopped = true;
		if (this.watching) {
			this.watching = false;
			handBackReads();
		}
	}

	/** Suspends reads and gives read events back to the connection's channel, whose listener reads requests. */
	private void handBackReads() {
		this.conduit.suspendReads();
		this.conduit.setReadReadyHandler(
				new ReadReadyHandler.ChannelListenerHandler<>(this.connection.getChannel().getSourceChannel()));
	}

	/** Called from readReady; reading end-of-stream has already ended reads and called terminated(). */
	private void peerGone() {
		if (!this.stopped) {
			stop();
			this.onPeerGone.run();
		}
	}

	@Override
	public synchronized void readReady() {
		if (!this.watching) {
			// Taken up by the I/O thread as another thread stopped the watch: reads are suspended and handed
			// back already; suspending here could undo the resume for the next request.
			return;
		}
		PooledByteBuffer pooled = this.connection.getByteBufferPool().allocate();
		try {
			int read = this.conduit.read(pooled.getBuffer());
			if (read == 0) {
				pooled.close();
				return;
			}
			if (read < 0) {
				pooled.close();
				peerGone();
				return;
			}
			// A pipelined request: keep its bytes for when this exchange is done.
			pooled.getBuffer().flip();
			this.connection.setExtraBytes(pooled);
			stop();
		}
		catch (IOException ex) {
			pooled.close();
			peerGone();
		}
	}

	/**
	 * The I/O thread is shutting down with the server and closes its connections. It leaves closing this one
	 * to its read handler, as undertow's own handler, which the watch stands in for, would: so the watch
	 * closes it, which ends the exchange, and the peer is as good as gone.
	 */
	@Override
	public synchronized void forceTermination() {
		IoUtils.safeClose(this.connection);
		if (this.watching) {
			this.stopped = true;
			this.watching = false;
			try {
				this.onPeerGone.run();
			}
			catch (RejectedExecutionException ex) {
				// A worker pool stopping with the server refuses the news; the exchange has ended all the same.
			}
		}
	}

	/** Reads ended: readReady, which caused it, reports the peer as gone. */
	@Override
	public void terminated() {
	}

}
