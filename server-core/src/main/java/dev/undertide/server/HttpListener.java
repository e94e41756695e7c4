package dev.undertide.server;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.jspecify.annotations.Nullable;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The connection side of a server: an XNIO worker, one listening socket (plain or TLS) and undertow's
 * HTTP/1.1 open listener, which turns each accepted connection into requests for the root handler. What
 * {@code io.undertow.Undertow} does for its listeners, done here so that Undertide accepts the connections
 * itself: it can watch each one from its first byte, and close the listening socket alone for a graceful
 * shutdown without accepts still queued for it reporting errors.
 */
final class HttpListener {

	private final InetSocketAddress address;

	private final OptionMap workerOptions;

	private final OptionMap socketOptions;

	private final OptionMap serverOptions;

	private final int bufferSize;

	private final boolean directBuffers;

	private final @Nullable TlsSettings tls;

	/** First of the handler chain; it also watches every accepted connection for slow request heads. */
	private final RequestHeadTimeoutHandler rootHandler;

	/** Guarded by the server's lock, like the rest of a run's state. */
	private @Nullable XnioWorker worker;

	private volatile @Nullable AcceptingChannel<? extends StreamConnection> channel;

	private volatile @Nullable HttpOpenListener openListener;

	private volatile @Nullable InetSocketAddress boundAddress;

	HttpListener(InetSocketAddress address, OptionMap workerOptions, OptionMap socketOptions,
			OptionMap serverOptions, int bufferSize, boolean directBuffers, @Nullable TlsSettings tls,
			RequestHeadTimeoutHandler rootHandler) {
		this.address = address;
		this.workerOptions = workerOptions;
		this.socketOptions = socketOptions;
		this.serverOptions = serverOptions;
		this.bufferSize = bufferSize;
		this.directBuffers = directBuffers;
		this.tls = tls;
		this.rootHandler = rootHandler;
	}

	/** Starts a worker and binds the listening socket; on failure nothing is left running. */
	void start() throws IOException {
		Xnio xnio = Xnio.getInstance(HttpListener.class.getClassLoader());
		XnioWorker worker = xnio.createWorker(this.workerOptions);
		this.worker = worker;
		try {
			ByteBufferPool buffers = new DefaultByteBufferPool(this.directBuffers, this.bufferSize, -1, 4);
			HttpOpenListener openListener = new HttpOpenListener(buffers, this.serverOptions);
			openListener.setRootHandler(this.rootHandler);
			ChannelListener<StreamConnection> open = this.rootHandler.watching(openListener);
			AcceptListener accept = new AcceptListener(
					(this.tls != null) ? open : DeferredReadSuspension.installing(open));
			OptionMap socketOptions = OptionMap.builder()
				.set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
				.addAll(this.socketOptions)
				.getMap();
			AcceptingChannel<? extends StreamConnection> channel;
			if (this.tls != null) {
				UndertowXnioSsl ssl = new UndertowXnioSsl(xnio, OptionMap.create(Options.USE_DIRECT_BUFFERS, true),
						this.tls.context());
				channel = ssl.createSslConnectionServer(worker, this.address, accept,
						OptionMap.builder().addAll(socketOptions).addAll(this.tls.listenerOptions()).getMap());
			}
			else {
				channel = worker.createStreamConnectionServer(this.address, accept, socketOptions);
			}
			this.openListener = openListener;
			this.channel = channel;
			this.boundAddress = channel.getLocalAddress(InetSocketAddress.class);
			channel.resumeAccepts();
		}
		catch (IOException | RuntimeException ex) {
			stop();
			throw ex;
		}
	}

	/** Closes the listening socket: new connections are refused, open ones go on. */
	void stopAccepting() {
		IoUtils.safeClose(this.channel);
	}

	/**
	 * Closes the listening socket and shuts the worker down, waiting for its tasks at most the
	 * {@code SHUTDOWN_TIMEOUT} server option before interrupting them. Open connections end with it.
	 */
	void stop() {
		stopAccepting();
		this.channel = null;
		XnioWorker worker = this.worker;
		if (worker == null) {
			return;
		}
		this.worker = null;
		worker.shutdown();
		try {
			Integer timeout = this.serverOptions.get(UndertowOptions.SHUTDOWN_TIMEOUT);
			if (timeout == null) {
				worker.awaitTermination();
			}
			else if (!worker.awaitTermination(timeout, TimeUnit.MILLISECONDS)) {
				worker.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			worker.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	/** The address the latest start bound, with the real port when port 0 was asked for. */
	@Nullable InetSocketAddress getBoundAddress() {
		return this.boundAddress;
	}

	/** Open connections and bytes of the latest start; kept after a stop. */
	@Nullable ConnectorStatistics getConnectorStatistics() {
		HttpOpenListener openListener = this.openListener;
		return (openListener != null) ? openListener.getConnectorStatistics() : null;
	}

	@Nullable XnioWorker getWorker() {
		return this.worker;
	}

	/**
	 * Accepts the connections the listening socket has ready and opens each in a task of its own on its I/O
	 * thread. XNIO hands each accepted connection to its I/O thread through a queue, with a task that calls
	 * this and runs again while the queue is not empty: so this takes every queued connection at once, or a
	 * task would still be rescheduling itself when a stop ends the I/O threads, and XNIO would log the refusal
	 * as an error. Opening is a task, not done in place, because opening reads and may answer the first
	 * request: done in place, connections arriving faster than that would keep this loop going, and the tasks
	 * queued to the I/O thread (responses finished on its next turn, peer-close watches) would wait, holding
	 * their requests in memory, until they stopped arriving. A task can also run after the socket was closed; it
	 * finds the socket closed, which is the end of accepting, not an error (XNIO's own accept listener logs it
	 * as one).
	 */
	private static final class AcceptListener implements ChannelListener<AcceptingChannel<? extends StreamConnection>> {

		private static final Logger logger = System.getLogger(HttpListener.class.getName());

		private final ChannelListener<StreamConnection> open;

		AcceptListener(ChannelListener<StreamConnection> open) {
			this.open = open;
		}

		@Override
		public void handleEvent(AcceptingChannel<? extends StreamConnection> channel) {
			while (true) {
				StreamConnection connection;
				try {
					connection = channel.accept();
				}
				catch (ClosedChannelException ex) {
					return;
				}
				catch (IOException ex) {
					logger.log(Level.WARNING, "Failed to accept a connection on " + channel.getLocalAddress(), ex);
					return;
				}
				if (connection == null) {
					return;
				}
				try {
					connection.getIoThread().execute(() -> ChannelListeners.invokeChannelListener(connection, this.open));
				}
				catch (RejectedExecutionException ex) {
					// The I/O thread is ending with the server: nobody would serve the connection.
					IoUtils.safeClose(connection);
				}
			}
		}

	}

}
