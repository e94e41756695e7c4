package dev.undertide.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.undertow.UndertowOptions;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import org.jspecify.annotations.Nullable;
import org.xnio.Option;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioWorker;
import org.xnio.management.XnioWorkerMXBean;

/**
 * An undertow-core server with one HTTP or HTTPS listener and a root {@link HttpHandler}. It can be started,
 * stopped and started again; {@link #start()} reports a port that is already taken as a
 * {@link ServerStartException} caused by a {@link java.net.BindException}. The access log, if any, is
 * opened on start and written to its end and closed on stop.
 */
public final class UndertideServer {

	/** How long a stop waits for the worker pool before interrupting it, so a stop never hangs. */
	static final int DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 5000;

	/** How long a closing connection drains the client's input before it gives up and aborts. */
	static final Duration DEFAULT_LINGER = Duration.ofSeconds(2);

	/** How long a response write may make no progress before its connection is given up. */
	static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

	/** How long a request line and headers may take to arrive, counted from their first byte. */
	static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * The XNIO worker pool (jboss-threads' {@code EnhancedQueueExecutor}) counts its busy threads only when
	 * this system property is true as its class is initialized, and reports -1 otherwise. The count costs an
	 * atomic update per task; {@link #getStatistics()} needs it. An explicit setting is left alone.
	 */
	private static final String COUNT_BUSY_WORKERS = "jboss.threads.eqe.statistics.active-count";

	static {
		if (System.getProperty(COUNT_BUSY_WORKERS) == null) {
			System.setProperty(COUNT_BUSY_WORKERS, "true");
		}
	}

	private final HttpListener listener;

	private final AcceptedConnectionsHandler acceptedConnections;

	private final InFlightRequestsHandler inFlightRequests;

	private final @Nullable ConcurrencyLimitHandler concurrencyLimit;

	private final RequestHeadTimeoutHandler requestHeadTimeout;

	private final @Nullable RequestBodyReadTimeoutHandler readTimeout;

	private final ResponseWriteTimeoutHandler writeTimeout;

	private final @Nullable AccessLogFile accessLog;

	private final boolean secure;

	private volatile boolean running;

	/** The worker of the latest start; kept after a stop so statistics need no lock. */
	private volatile @Nullable XnioWorker worker;

	private UndertideServer(HttpListener listener, AcceptedConnectionsHandler acceptedConnections,
			InFlightRequestsHandler inFlightRequests, @Nullable ConcurrencyLimitHandler concurrencyLimit,
			RequestHeadTimeoutHandler requestHeadTimeout, @Nullable RequestBodyReadTimeoutHandler readTimeout,
			ResponseWriteTimeoutHandler writeTimeout, @Nullable AccessLogFile accessLog, boolean secure) {
		this.listener = listener;
		this.acceptedConnections = acceptedConnections;
		this.inFlightRequests = inFlightRequests;
		this.concurrencyLimit = concurrencyLimit;
		this.requestHeadTimeout = requestHeadTimeout;
		this.readTimeout = readTimeout;
		this.writeTimeout = writeTimeout;
		this.accessLog = accessLog;
		this.secure = secure;
	}

	public static Builder builder() {
		return new Builder();
	}

	public synchronized void start() {
		if (this.running) {
			return;
		}
		try {
			if (this.accessLog != null) {
				this.accessLog.open();
			}
			this.inFlightRequests.resume();
			this.listener.start();
			this.worker = this.listener.getWorker();
			this.running = true;
		}
		catch (IOException | RuntimeException ex) {
			stopQuietly();
			throw new ServerStartException("Undertide could not start its listeners", ex);
		}
	}

	public synchronized void stop() {
		if (this.running) {
			this.running = false;
			this.listener.stop();
			closeAccessLog();
		}
	}

	private void closeAccessLog() {
		if (this.accessLog != null) {
			this.accessLog.close();
		}
	}

	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts a graceful shutdown: the listeners stop accepting connections, requests in flight go on,
	 * requests that arrive on open connections are answered with {@code Connection: close}, and
	 * {@code whenIdle} runs once no request is in flight. {@link #stop()} ends it, done or not.
	 */
	public void shutDownGracefully(Runnable whenIdle) {
		this.listener.stopAccepting();
		this.inFlightRequests.drain(whenIdle);
	}

	/** Requests received and not yet completed, async ones included. */
	public long getInFlightRequests() {
		return this.inFlightRequests.getInFlight();
	}

	/** What the server is doing now; cheap enough to call for every health check or metrics scrape. */
	public ServerStatistics getStatistics() {
		return new ServerStatistics(state(), connections(), requests(), workers(), timeouts());
	}

	private ServerStatistics.State state() {
		if (!this.running) {
			return ServerStatistics.State.STOPPED;
		}
		if (this.inFlightRequests.isDraining()) {
			return ServerStatistics.State.DRAINING;
		}
		return ServerStatistics.State.ACCEPTING;
	}

	private ServerStatistics.Connections connections() {
		ConnectorStatistics statistics = this.listener.getConnectorStatistics();
		if (statistics == null) {
			return new ServerStatistics.Connections(0, this.acceptedConnections.getAccepted(), 0, 0);
		}
		return new ServerStatistics.Connections(statistics.getActiveConnections(),
				this.acceptedConnections.getAccepted(), statistics.getBytesReceived(), statistics.getBytesSent());
	}

	private ServerStatistics.Requests requests() {
		ConcurrencyLimitHandler limit = this.concurrencyLimit;
		if (limit == null) {
			return new ServerStatistics.Requests(this.inFlightRequests.getInFlight(), 0, 0, 0, -1, 0);
		}
		return new ServerStatistics.Requests(limit.getActive(), limit.getQueued(), limit.getRejectedQueueFull(),
				limit.getRejectedQueueTimeout(), limit.getMaxConcurrent(), limit.getQueueSize());
	}

	private ServerStatistics.Timeouts timeouts() {
		long read = (this.readTimeout != null) ? this.readTimeout.getTimedOut() : 0;
		return new ServerStatistics.Timeouts(this.requestHeadTimeout.getTimedOut(), read, this.writeTimeout.getTimedOut());
	}

	private ServerStatistics.Workers workers() {
		XnioWorker worker = this.worker;
		if (worker == null) {
			return new ServerStatistics.Workers(0, 0, 0, 0, 0);
		}
		XnioWorkerMXBean pool = worker.getMXBean();
		return new ServerStatistics.Workers(pool.getIoThreadCount(), pool.getMaxWorkerPoolSize(),
				pool.getWorkerPoolSize(), pool.getBusyWorkerThreadCount(),
				pool.getWorkerQueueSize() + WorkerTaskQueue.queued(worker));
	}

	/** Whether the listener speaks HTTPS. */
	public boolean isSecure() {
		return this.secure;
	}

	/**
	 * The addresses the listeners are bound to, with the real port when port 0 was asked for; empty
	 * while stopped.
	 */
	public List<InetSocketAddress> getListenerAddresses() {
		InetSocketAddress address = this.listener.getBoundAddress();
		return (this.running && address != null) ? List.of(address) : List.of();
	}

	private void stopQuietly() {
		try {
			this.listener.stop();
		}
		catch (RuntimeException ex) {
			// The start failure is what the caller needs to see.
		}
		closeAccessLog();
	}

	/**
	 * Builds an {@link UndertideServer}. Unset values keep undertow-core's defaults.
	 */
	public static final class Builder {

		private final OptionMap.Builder serverOptions = OptionMap.builder();

		private final OptionMap.Builder socketOptions = OptionMap.builder();

		// One I/O thread per processor: two on a single processor take turns on it, and the requests of the
		// one waiting for its turn made p99 3.5 times longer (12.9 ms against 3.6 ms on /plaintext).
		private int ioThreads = Runtime.getRuntime().availableProcessors();

		/** 0: eight per I/O thread, at least 16. */
		private int workerThreads;

		private int bufferSize;

		private boolean directBuffers;

		private @Nullable String host;

		private int port = 8080;

		private @Nullable HttpHandler handler;

		private Duration linger = DEFAULT_LINGER;

		private int maxRequestHeadSize = -1;

		private int maxConcurrentRequests = -1;

		private int queueSize;

		private Duration queueTimeout = Duration.ofSeconds(30);

		private Duration retryAfter = Duration.ofSeconds(1);

		private @Nullable AccessLogSettings accessLog;

		private @Nullable TlsSettings tls;

		private @Nullable CompressionSettings compression;

		private Duration requestHeadTimeout = DEFAULT_REQUEST_HEAD_TIMEOUT;

		private @Nullable Duration readTimeout;

		private long maxRequestBodySize = -1;

		private long requestBodyBuffer;

		private int maxPipelined = -1;

		private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;

		private RefusalResponder refusals = RefusalResponder.PLAIN_TEXT;

		private Builder() {
			// undertow-core's defaults, as io.undertow.Undertow sets them.
			this.serverOptions.set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
				.set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
				.set(UndertowOptions.SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT_MILLIS)
				// undertow-core caps bodies at 2 MiB; a servlet container streams them without a cap unless
				// asked, and multipart requests are limited by their servlet's multipart configuration.
				.set(UndertowOptions.MAX_ENTITY_SIZE, -1L)
				.set(UndertowOptions.MULTIPART_MAX_ENTITY_SIZE, -1L)
				// Open connections and bytes read and written, for getStatistics().
				.set(UndertowOptions.ENABLE_STATISTICS, true);
			this.socketOptions.set(Options.TCP_NODELAY, true)
				.set(Options.REUSE_ADDRESSES, true)
				.set(Options.BALANCING_TOKENS, 1)
				.set(Options.BALANCING_CONNECTIONS, 2)
				.set(Options.BACKLOG, 1000);
			// Buffers of 16 KiB less room for protocol headers, but smaller and on the heap in a small JVM.
			long maxMemory = Runtime.getRuntime().maxMemory();
			if (maxMemory < 64 * 1024 * 1024) {
				this.bufferSize = 512;
				this.directBuffers = false;
			}
			else if (maxMemory < 128 * 1024 * 1024) {
				this.bufferSize = 1024;
				this.directBuffers = true;
			}
			else {
				this.bufferSize = 16 * 1024 - 20;
				this.directBuffers = true;
			}
		}

		/** The address to bind; {@code null} binds every interface. */
		public Builder host(@Nullable String host) {
			this.host = host;
			return this;
		}

		/** The port to bind; 0 picks a free one. */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder handler(HttpHandler handler) {
			this.handler = handler;
			return this;
		}

		/**
		 * How long a connection that is being closed keeps reading the client's input before aborting, so
		 * that closing never destroys response bytes in flight.
		 */
		public Builder linger(Duration linger) {
			this.linger = linger;
			return this;
		}

		/**
		 * How requests refused before the application runs them are answered; plain text unless set.
		 */
		public Builder refusalResponder(RefusalResponder refusals) {
			this.refusals = refusals;
			return this;
		}

		/**
		 * Handles at most {@code maxConcurrent} requests at once; up to {@code queueSize} more wait at most
		 * {@code queueTimeout} for a slot; the rest are answered 503 with {@code Retry-After}.
		 */
		public Builder concurrencyLimit(int maxConcurrent, int queueSize, Duration queueTimeout, Duration retryAfter) {
			this.maxConcurrentRequests = maxConcurrent;
			this.queueSize = queueSize;
			this.queueTimeout = queueTimeout;
			this.retryAfter = retryAfter;
			return this;
		}

		/**
		 * Writes a line for every request that reaches the application or is refused by a limit on the way
		 * (a 503 for lack of a slot, a 413 for too large a body). Lines are queued by request threads and
		 * written by a thread of the log's own.
		 */
		public Builder accessLog(AccessLogSettings accessLog) {
			this.accessLog = accessLog;
			return this;
		}

		/**
		 * Stops accepting connections while {@code maxConnections} are open; the kernel's backlog holds
		 * those that arrive meanwhile until one closes.
		 */
		public Builder maxConnections(int maxConnections) {
			this.socketOptions.set(Options.CONNECTION_HIGH_WATER, maxConnections);
			this.socketOptions.set(Options.CONNECTION_LOW_WATER, maxConnections);
			return this;
		}

		public Builder ioThreads(int ioThreads) {
			this.ioThreads = ioThreads;
			return this;
		}

		public Builder workerThreads(int workerThreads) {
			this.workerThreads = workerThreads;
			return this;
		}

		public Builder bufferSize(int bufferSize) {
			this.bufferSize = bufferSize;
			return this;
		}

		public Builder directBuffers(boolean directBuffers) {
			this.directBuffers = directBuffers;
			return this;
		}

		/** The most bytes a request body may have; a larger one is refused with 413. -1 for no limit. */
		public Builder maxRequestBodySize(long bytes) {
			this.maxRequestBodySize = bytes;
			return this;
		}

		/** The most query or form parameters a request may carry; more are answered with 400. */
		public Builder maxParameters(int maxParameters) {
			this.serverOptions.set(UndertowOptions.MAX_PARAMETERS, maxParameters);
			return this;
		}

		/**
		 * The most bytes of a request line and headers together; a larger head is refused with 414 when the
		 * request line alone is too long, else with 431, and its connection closed. A head more than twice as
		 * long is refused by undertow's parser with 400 before it is parsed further.
		 */
		public Builder maxRequestHeadSize(int bytes) {
			this.maxRequestHeadSize = bytes;
			int hardLimit = (int) Math.min((long) bytes * RequestHeadLimitHandler.HARD_LIMIT_FACTOR, Integer.MAX_VALUE);
			this.serverOptions.set(UndertowOptions.MAX_HEADER_SIZE, hardLimit);
			return this;
		}

		/**
		 * How long a response write may wait for the socket to take more before the connection is closed and
		 * the write fails: a client that stops reading cannot hold a response, or a worker thread, forever.
		 * 60 s unless set.
		 */
		public Builder writeTimeout(Duration writeTimeout) {
			if (writeTimeout.isNegative() || writeTimeout.isZero()) {
				throw new IllegalArgumentException("Write timeout must be positive, was " + writeTimeout);
			}
			this.writeTimeout = writeTimeout;
			return this;
		}

		/**
		 * Closes a connection whose request line and headers take longer than this to arrive, counted from
		 * their first byte: a client sending its head slowly (slowloris) cannot hold a connection. 60 seconds
		 * unless set.
		 */
		public Builder requestHeaderTimeout(Duration requestHeaderTimeout) {
			if (requestHeaderTimeout.isNegative() || requestHeaderTimeout.isZero()) {
				throw new IllegalArgumentException(
						"Request header timeout must be positive, was " + requestHeaderTimeout);
			}
			this.requestHeadTimeout = requestHeaderTimeout;
			return this;
		}

		/**
		 * Closes a connection whose request body stops arriving while the application waits to read it.
		 */
		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			return this;
		}

		/**
		 * Reads up to {@code bytes} of a request body on the I/O thread before the request goes on, so that a
		 * slow upload holds buffers instead of a worker thread. 0, the default, leaves every body to be read
		 * as the application asks for it.
		 */
		public Builder requestBodyBuffer(long bytes) {
			this.requestBodyBuffer = bytes;
			return this;
		}

		/**
		 * Closes a connection after {@code maxPipelined} responses in a row that went out while its next
		 * request had already been read; 0 closes it after the first. -1, the default, for no limit.
		 */
		public Builder maxPipelined(int maxPipelined) {
			this.maxPipelined = maxPipelined;
			return this;
		}

		/** Compresses the responses the settings pick. */
		public Builder compression(CompressionSettings compression) {
			this.compression = compression;
			return this;
		}

		/** Serves HTTPS instead of plain HTTP. */
		public Builder tls(TlsSettings tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Sets an {@code io.undertow.UndertowOptions} option of the HTTP listener; of two settings of one
		 * option, by this method or by those above, the later wins.
		 */
		public <T> Builder serverOption(Option<T> option, T value) {
			this.serverOptions.set(option, value);
			return this;
		}

		/**
		 * Sets an {@code org.xnio.Options} option of the listening socket and the connections it accepts; of
		 * two settings of one option, by this method or by those above, the later wins.
		 */
		public <T> Builder socketOption(Option<T> option, T value) {
			this.socketOptions.set(option, value);
			return this;
		}

		public UndertideServer build() {
			Objects.requireNonNull(this.handler, "A root handler is required");
			HttpHandler compressed = (this.compression != null) ? this.compression.handler(this.handler)
					: this.handler;
			ConcurrencyLimitHandler limit = (this.maxConcurrentRequests > 0) ? new ConcurrencyLimitHandler(compressed,
					this.maxConcurrentRequests, this.queueSize, this.queueTimeout, this.retryAfter,
					this.refusals) : null;
			HttpHandler limited = (limit != null) ? limit : compressed;
			// Outside the concurrency limit: a body still arriving holds no slot.
			HttpHandler buffered = (this.requestBodyBuffer > 0)
					? new RequestBodyBufferingHandler(limited, this.requestBodyBuffer, this.refusals) : limited;
			HttpHandler sizeLimited = (this.maxRequestBodySize > 0)
					? new RequestBodyLimitHandler(buffered, this.maxRequestBodySize) : buffered;
			RequestBodyReadTimeoutHandler readTimeout = (this.readTimeout != null)
					? new RequestBodyReadTimeoutHandler(sizeLimited, this.readTimeout) : null;
			HttpHandler timed = (readTimeout != null) ? readTimeout : sizeLimited;
			AccessLogFile accessLogFile = (this.accessLog != null) ? new AccessLogFile(this.accessLog) : null;
			HttpHandler logged = (accessLogFile != null) ? accessLogged(timed, accessLogFile) : timed;
			InFlightRequestsHandler inFlightRequests = new InFlightRequestsHandler(logged);
			AcceptedConnectionsHandler acceptedConnections = new AcceptedConnectionsHandler(inFlightRequests);
			HttpHandler framed = new TransferEncodingHandler(acceptedConnections);
			HttpHandler pipelined = (this.maxPipelined >= 0) ? new PipeliningLimitHandler(framed, this.maxPipelined)
					: framed;
			HttpHandler headLimited = (this.maxRequestHeadSize > 0)
					? new RequestHeadLimitHandler(pipelined, this.maxRequestHeadSize) : pipelined;
			ResponseWriteTimeoutHandler writeTimeout = new ResponseWriteTimeoutHandler(headLimited, this.writeTimeout);
			HttpHandler root = new RequestIdHandler(new LingeringCloseHandler(writeTimeout, this.linger));
			// First in the chain: the clock of a request head stops when the request is parsed.
			RequestHeadTimeoutHandler requestHeadTimeout = new RequestHeadTimeoutHandler(root, this.requestHeadTimeout);
			HttpListener listener = new HttpListener(
					new InetSocketAddress((this.host != null) ? this.host : "0.0.0.0", this.port), workerOptions(),
					this.socketOptions.getMap(), this.serverOptions.getMap(), this.bufferSize, this.directBuffers,
					this.tls, requestHeadTimeout);
			return new UndertideServer(listener, acceptedConnections, inFlightRequests, limit, requestHeadTimeout,
					readTimeout, writeTimeout, accessLogFile, this.tls != null);
		}

		/** The worker's threads, with the options io.undertow.Undertow gives its own. */
		private OptionMap workerOptions() {
			return OptionMap.builder()
				.set(Options.WORKER_IO_THREADS, this.ioThreads)
				.set(Options.CONNECTION_HIGH_WATER, 1_000_000)
				.set(Options.CONNECTION_LOW_WATER, 1_000_000)
				.set(Options.WORKER_TASK_CORE_THREADS, workerThreads())
				.set(Options.WORKER_TASK_MAX_THREADS, workerThreads())
				.set(Options.TCP_NODELAY, true)
				.set(Options.CORK, true)
				.getMap();
		}

		private int workerThreads() {
			return (this.workerThreads > 0) ? this.workerThreads : Math.max(this.ioThreads, 2) * 8;
		}

		/**
		 * Wraps everything that can answer a request. Exchange completion listeners run innermost first, so
		 * the line is queued before the request stops counting as in flight (a graceful stop closes the log
		 * only after it) and before a lingering close, which ends the listener chain.
		 */
		private HttpHandler accessLogged(HttpHandler next, AccessLogFile file) {
			AccessLogPattern pattern = file.getSettings().pattern();
			if (pattern.isTimed()) {
				this.serverOptions.set(UndertowOptions.RECORD_REQUEST_START_TIME, true);
			}
			return new AccessLogHandler(next, file, pattern.getFormat(), pattern.getLine());
		}

	}

}
