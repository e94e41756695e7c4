package dev.undertide.boot.autoconfigure;

import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.undertide.boot.WorkerType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Undertide's settings under {@code server.undertow}, with the names and meanings Spring Boot 3.5 gave
 * Undertow.
 */
@ConfigurationProperties("server.undertow")
public class UndertideServerProperties {

	/**
	 * Size of each buffer undertow reads and writes through. The default is derived from the memory
	 * available to the JVM.
	 */
	private @Nullable DataSize bufferSize;

	/**
	 * Whether to allocate buffers outside the Java heap. The default is derived from the memory available
	 * to the JVM.
	 */
	private @Nullable Boolean directBuffers;

	/**
	 * Maximum size of a request body; a larger one is answered with 413. -1 (the default) means no limit
	 * beyond the multipart limits.
	 */
	private DataSize maxHttpPostSize = DataSize.ofBytes(-1);

	/**
	 * Maximum number of query or form parameters a request may carry; beyond it the request is answered
	 * with 400.
	 */
	private int maxParameters = 1000;

	/**
	 * Maximum number of headers a request may carry; beyond it the request is refused with 400.
	 */
	private @Nullable Integer maxHeaders;

	/**
	 * Maximum number of cookies a request may carry; beyond it the request is refused with 400.
	 */
	private @Nullable Integer maxCookies;

	/**
	 * Whether the URL is percent-decoded; when false, servlet paths keep their %XX escapes.
	 */
	private boolean decodeUrl = true;

	/**
	 * Whether an encoded slash (%2F) in a path is decoded to '/'; when false it stays %2F. Decoding it lets
	 * clients smuggle path separators past security rules, hence the default.
	 */
	private @Nullable Boolean decodeSlash;

	/**
	 * Older name for decode-slash; decode-slash wins when both are set.
	 */
	private boolean allowEncodedSlash;

	/**
	 * Charset used to decode URLs and query strings.
	 */
	private Charset urlCharset = StandardCharsets.UTF_8;

	/**
	 * Whether every response carries 'Connection: keep-alive' even when HTTP/1.1 implies it.
	 */
	private boolean alwaysSetKeepAlive = true;

	/**
	 * How long a kept-alive connection may wait for its next request before it is closed.
	 */
	private @Nullable Duration noRequestTimeout;

	/**
	 * Whether servlet filters are initialised at start-up; when false, each before its first request.
	 * Servlet applications only.
	 */
	private boolean eagerFilterInit = true;

	/**
	 * Whether a forwarded request keeps reporting the original request's URI and paths. Servlet
	 * applications only.
	 */
	private boolean preservePathOnForward;

	private final Buffering buffering = new Buffering();

	private final Threads threads = new Threads();

	private final Worker worker = new Worker();

	private final Timeouts timeouts = new Timeouts();

	private final Backpressure backpressure = new Backpressure();

	private final Options options = new Options();

	private final Accesslog accesslog = new Accesslog();

	private final Health health = new Health();

	public boolean isEagerFilterInit() {
		return this.eagerFilterInit;
	}

	public void setEagerFilterInit(boolean eagerFilterInit) {
		this.eagerFilterInit = eagerFilterInit;
	}

	public boolean isPreservePathOnForward() {
		return this.preservePathOnForward;
	}

	public void setPreservePathOnForward(boolean preservePathOnForward) {
		this.preservePathOnForward = preservePathOnForward;
	}

	public Buffering getBuffering() {
		return this.buffering;
	}

	public @Nullable DataSize getBufferSize() {
		return this.bufferSize;
	}

	public void setBufferSize(@Nullable DataSize bufferSize) {
		this.bufferSize = bufferSize;
	}

	public @Nullable Boolean getDirectBuffers() {
		return this.directBuffers;
	}

	public void setDirectBuffers(@Nullable Boolean directBuffers) {
		this.directBuffers = directBuffers;
	}

	public DataSize getMaxHttpPostSize() {
		return this.maxHttpPostSize;
	}

	public void setMaxHttpPostSize(DataSize maxHttpPostSize) {
		this.maxHttpPostSize = maxHttpPostSize;
	}

	public int getMaxParameters() {
		return this.maxParameters;
	}

	public void setMaxParameters(int maxParameters) {
		this.maxParameters = maxParameters;
	}

	public @Nullable Integer getMaxHeaders() {
		return this.maxHeaders;
	}

	public void setMaxHeaders(@Nullable Integer maxHeaders) {
		this.maxHeaders = maxHeaders;
	}

	public @Nullable Integer getMaxCookies() {
		return this.maxCookies;
	}

	public void setMaxCookies(@Nullable Integer maxCookies) {
		this.maxCookies = maxCookies;
	}

	public boolean isDecodeUrl() {
		return this.decodeUrl;
	}

	public void setDecodeUrl(boolean decodeUrl) {
		this.decodeUrl = decodeUrl;
	}

	public @Nullable Boolean getDecodeSlash() {
		return this.decodeSlash;
	}

	public void setDecodeSlash(@Nullable Boolean decodeSlash) {
		this.decodeSlash = decodeSlash;
	}

	public boolean isAllowEncodedSlash() {
		return this.allowEncodedSlash;
	}

	public void setAllowEncodedSlash(boolean allowEncodedSlash) {
		this.allowEncodedSlash = allowEncodedSlash;
	}

	public Charset getUrlCharset() {
		return this.urlCharset;
	}

	public void setUrlCharset(Charset urlCharset) {
		this.urlCharset = urlCharset;
	}

	public boolean isAlwaysSetKeepAlive() {
		return this.alwaysSetKeepAlive;
	}

	public void setAlwaysSetKeepAlive(boolean alwaysSetKeepAlive) {
		this.alwaysSetKeepAlive = alwaysSetKeepAlive;
	}

	public @Nullable Duration getNoRequestTimeout() {
		return this.noRequestTimeout;
	}

	public void setNoRequestTimeout(@Nullable Duration noRequestTimeout) {
		this.noRequestTimeout = noRequestTimeout;
	}

	public Backpressure getBackpressure() {
		return this.backpressure;
	}

	public Timeouts getTimeouts() {
		return this.timeouts;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Options getOptions() {
		return this.options;
	}

	public Threads getThreads() {
		return this.threads;
	}

	public Accesslog getAccesslog() {
		return this.accesslog;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * How much of a request or a response the server holds.
	 */
	public static class Buffering {

		/**
		 * How much of a request body the server reads before the application runs, so that a slow upload
		 * holds buffers instead of a worker thread. A body declared longer goes on unread. 0 leaves every
		 * body to be read as the application asks for it.
		 */
		private DataSize requestBody = DataSize.ofBytes(0);

		/**
		 * Servlet response buffer: a body that fits gets a Content-Length, a larger one is sent chunked.
		 * Servlet applications only.
		 */
		private DataSize responseBuffer = DataSize.ofKilobytes(16);

		public DataSize getRequestBody() {
			return this.requestBody;
		}

		public void setRequestBody(DataSize requestBody) {
			this.requestBody = requestBody;
		}

		public DataSize getResponseBuffer() {
			return this.responseBuffer;
		}

		public void setResponseBuffer(DataSize responseBuffer) {
			this.responseBuffer = responseBuffer;
		}

	}

	/**
	 * How many connections and requests are handled at once, and what happens to the rest.
	 */
	public static class Backpressure {

		/**
		 * Most connections open at once; beyond it the server stops accepting and the kernel's backlog holds
		 * new connections until one closes. -1 for no limit.
		 */
		private int maxConnections = -1;

		/**
		 * Most requests handled at once; -1 for no limit.
		 */
		private int maxConcurrentRequests = -1;

		/**
		 * Requests that may wait for a slot; beyond it they are answered 503.
		 */
		private int queueSize = 100;

		/**
		 * How long a request may wait for a slot before it is answered 503.
		 */
		private Duration queueTimeout = Duration.ofSeconds(30);

		/**
		 * Retry-After sent with a 503 for a request that found no slot.
		 */
		private Duration retryAfter = Duration.ofSeconds(1);

		/**
		 * How many responses in a row a connection gets while its next request has already been read; the
		 * response after them closes the connection, and the client sends the rest again. 0 for no
		 * pipelining, -1 for no limit.
		 */
		private int maxPipelined = -1;

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int getMaxConcurrentRequests() {
			return this.maxConcurrentRequests;
		}

		public void setMaxConcurrentRequests(int maxConcurrentRequests) {
			this.maxConcurrentRequests = maxConcurrentRequests;
		}

		public int getQueueSize() {
			return this.queueSize;
		}

		public void setQueueSize(int queueSize) {
			this.queueSize = queueSize;
		}

		public Duration getQueueTimeout() {
			return this.queueTimeout;
		}

		public void setQueueTimeout(Duration queueTimeout) {
			this.queueTimeout = queueTimeout;
		}

		public int getMaxPipelined() {
			return this.maxPipelined;
		}

		public void setMaxPipelined(int maxPipelined) {
			this.maxPipelined = maxPipelined;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

	}

	/**
	 * Timeouts of a connection.
	 */
	public static class Timeouts {

		/**
		 * How long the whole request line and headers may take to arrive; a slower client (slowloris) is
		 * disconnected. It also bounds the wait for the declared body of a request refused before any handler
		 * ran (undertow-core reads that body before it answers 400 for a missing Host).
		 */
		private Duration requestHeader = Duration.ofSeconds(60);

		/**
		 * How long the application may wait for request body bytes that do not come before the connection is
		 * closed; the clock runs only while it waits to read.
		 */
		private Duration read = Duration.ofSeconds(60);

		/**
		 * How long a response write may make no progress before the connection is given up.
		 */
		private Duration write = Duration.ofSeconds(60);

		/**
		 * How long a kept-alive connection may wait for its next request; the same as
		 * server.undertow.no-request-timeout.
		 */
		private @Nullable Duration idle;

		/**
		 * How long a connection being closed keeps reading the client's input so that closing never destroys
		 * response bytes in flight; after it the connection is aborted.
		 */
		private Duration linger = Duration.ofSeconds(2);

		public Duration getRequestHeader() {
			return this.requestHeader;
		}

		public void setRequestHeader(Duration requestHeader) {
			this.requestHeader = requestHeader;
		}

		public Duration getRead() {
			return this.read;
		}

		public void setRead(Duration read) {
			this.read = read;
		}

		public Duration getWrite() {
			return this.write;
		}

		public void setWrite(Duration write) {
			this.write = write;
		}

		public @Nullable Duration getIdle() {
			return this.idle;
		}

		public void setIdle(@Nullable Duration idle) {
			this.idle = idle;
		}

		public Duration getLinger() {
			return this.linger;
		}

		public void setLinger(Duration linger) {
			this.linger = linger;
		}

	}

	/**
	 * Where application code runs.
	 */
	public static class Worker {

		/**
		 * Worker type: 'auto' runs application code on virtual threads when the JVM has them and
		 * spring.threads.virtual.enabled=true, else on the platform pool; 'platform' on a bounded pool of
		 * threads.worker threads; 'virtual' on a virtual thread per request (Java 21+); 'io' on the I/O
		 * threads (reactive applications only).
		 */
		private WorkerType type = WorkerType.AUTO;

		public WorkerType getType() {
			return this.type;
		}

		public void setType(WorkerType type) {
			this.type = type;
		}

	}

	/**
	 * undertow and XNIO options by name, for what has no property of its own.
	 */
	public static class Options {

		/**
		 * Server options, named as the constants of {@code io.undertow.UndertowOptions}.
		 */
		private final Map<String, String> server = new LinkedHashMap<>();

		/**
		 * Socket options, named as the constants of {@code org.xnio.Options}.
		 */
		private final Map<String, String> socket = new LinkedHashMap<>();

		public Map<String, String> getServer() {
			return this.server;
		}

		public Map<String, String> getSocket() {
			return this.socket;
		}

	}

	/**
	 * Thread pools.
	 */
	public static class Threads {

		/**
		 * Number of I/O threads that accept connections and read and write sockets. Default: the number of
		 * available processors.
		 */
		private @Nullable Integer io;

		/**
		 * Number of worker threads that run blocking application code. Default: eight per I/O thread, at
		 * least 16.
		 */
		private @Nullable Integer worker;

		public @Nullable Integer getIo() {
			return this.io;
		}

		public void setIo(@Nullable Integer io) {
			this.io = io;
		}

		public @Nullable Integer getWorker() {
			return this.worker;
		}

		public void setWorker(@Nullable Integer worker) {
			this.worker = worker;
		}

	}

	/**
	 * The access log: a line per request, written to a file by a thread of its own.
	 */
	public static class Accesslog {

		/**
		 * Whether to write an access log.
		 */
		private boolean enabled;

		/**
		 * Format of each line: 'common', 'combined', or undertow's tokens, such as %h %l %u %t "%r" %s %b,
		 * %D for the duration in milliseconds, %{i,Name} for a request header and %{REQUEST_ID} for the id
		 * the application sees.
		 */
		private String pattern = "common";

		/**
		 * Start of the log file names.
		 */
		private String prefix = "access_log.";

		/**
		 * End of the log file names.
		 */
		private String suffix = "log";

		/**
		 * Directory of the log files; a relative one is resolved against the working directory.
		 */
		private File dir = new File("logs");

		/**
		 * Whether each day gets a file of its own: the current one is prefix + suffix, and when its day
		 * is over it is renamed prefix + yyyy-MM-dd + '.' + suffix.
		 */
		private boolean rotate = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPattern() {
			return this.pattern;
		}

		public void setPattern(String pattern) {
			this.pattern = pattern;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public String getSuffix() {
			return this.suffix;
		}

		public void setSuffix(String suffix) {
			this.suffix = suffix;
		}

		public File getDir() {
			return this.dir;
		}

		public void setDir(File dir) {
			this.dir = dir;
		}

		public boolean isRotate() {
			return this.rotate;
		}

		public void setRotate(boolean rotate) {
			this.rotate = rotate;
		}

	}

	/**
	 * When a saturated server tells Kubernetes to send its traffic elsewhere.
	 */
	public static class Health {

		/**
		 * Share of the server's capacity in use, above 0 and at most 1, at or above which it counts as
		 * saturated. With a concurrency limit, the capacity is backpressure.max-concurrent-requests plus
		 * backpressure.queue-size, filled by requests handled and queued; without one, it is the worker
		 * threads, filled by busy threads and tasks waiting for one.
		 */
		private double saturationThreshold = 0.9;

		/**
		 * How long the server must stay saturated before readiness is set to REFUSING_TRAFFIC.
		 */
		private Duration saturationGrace = Duration.ofSeconds(5);

		public double getSaturationThreshold() {
			return this.saturationThreshold;
		}

		public void setSaturationThreshold(double saturationThreshold) {
			this.saturationThreshold = saturationThreshold;
		}

		public Duration getSaturationGrace() {
			return this.saturationGrace;
		}

		public void setSaturationGrace(Duration saturationGrace) {
			this.saturationGrace = saturationGrace;
		}

	}

}
