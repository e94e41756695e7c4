package dev.undertide.server;

import java.io.IOException;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import org.jspecify.annotations.Nullable;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Notices, from the read side, that the client of an exchange went away (end of stream or reset) while
 * nothing is being read or written, as during a long poll or between the events of a stream. Only an
 * HTTP/1.x exchange whose request has been read completely can be watched: the bytes that then arrive
 * belong to the next request and are handed back to the connection instead of lost.
 * <p>
 * All conduit work happens on the connection's I/O thread.
 */
public final class PeerCloseWatch implements ReadReadyHandler {

	private final HttpServerExchange exchange;

	private final HttpServerConnection connection;

	private final StreamSourceConduit conduit;

	private final Runnable onPeerGone;

	/** Touched only on the I/O thread. */
	private boolean watching;

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

	private void arm() {
		if (!this.connection.getChannel().isOpen() || this.exchange.isComplete()) {
			return;
		}
		this.watching = true;
		this.conduit.setReadReadyHandler(this);
		this.conduit.resumeReads();
	}

	/** Stops watching, then runs {@code next} on the I/O thread, so nothing is read after it. */
	public void stopThen(Runnable next) {
		this.exchange.getIoThread().execute(() -> {
			disarm();
			next.run();
		});
	}

	private void disarm() {
		if (this.watching) {
			this.watching = false;
			this.conduit.suspendReads();
			this.conduit.setReadReadyHandler(
					new ReadReadyHandler.ChannelListenerHandler<>(this.connection.getChannel().getSourceChannel()));
		}
	}

	@Override
	public void readReady() {
		if (!this.watching) {
			this.conduit.suspendReads();
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
			disarm();
		}
		catch (IOException ex) {
			pooled.close();
			peerGone();
		}
	}

	private void peerGone() {
		disarm();
		this.onPeerGone.run();
	}

	@Override
	public void forceTermination() {
		this.watching = false;
	}

	@Override
	public void terminated() {
		this.watching = false;
	}

}
