package dev.undertide.boot;

import java.time.Duration;

import dev.undertide.server.AccessLogSettings;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;

/**
 * What the servlet and reactive Undertide factories let {@code server.undertow.*} configure.
 */
public interface ConfigurableUndertideWebServerFactory extends ConfigurableWebServerFactory {

	void setIoThreads(int ioThreads);

	void setWorkerThreads(int workerThreads);

	void setBufferSize(int bufferSize);

	void setDirectBuffers(boolean directBuffers);

	/** The most bytes a request line and its headers may take together. */
	void setMaxRequestHeaderSize(int bytes);

	/** The most bytes a request body may have; -1 for no limit. */
	void setMaxRequestBodySize(long bytes);

	/** The most query or form parameters a request may carry. */
	void setMaxParameters(int maxParameters);

	/** Stops accepting connections while this many are open; the kernel's backlog holds the rest. */
	void setMaxConnections(int maxConnections);

	/** How long a request line and its headers may take to arrive before the connection closes. */
	void setRequestHeaderTimeout(Duration requestHeaderTimeout);

	/** How long the application may wait for request body bytes that do not come before the connection closes. */
	void setReadTimeout(Duration readTimeout);

	/** Reads up to this many bytes of a request body before the application runs; 0 for none. */
	void setRequestBodyBuffer(long bytes);

	/**
	 * Closes a connection after this many responses in a row that went out while its next request had
	 * already been read.
	 */
	void setMaxPipelined(int maxPipelined);

	/** How long a response write may make no progress before the connection is given up. */
	void setWriteTimeout(Duration writeTimeout);

	/** How long a closing connection drains the client's input before it is aborted. */
	void setLinger(Duration linger);

	/**
	 * Handles at most {@code maxConcurrent} requests at once; up to {@code queueSize} more wait at most
	 * {@code queueTimeout}; the rest are answered 503 with {@code Retry-After}.
	 */
	void setConcurrencyLimit(int maxConcurrent, int queueSize, Duration queueTimeout, Duration retryAfter);

	/** Writes an access log as the settings say. */
	void setAccessLog(AccessLogSettings accessLog);

	/**
	 * Where application code runs. {@link WorkerType#AUTO} leaves the choice to the factory: the platform
	 * worker pool for servlet applications, the I/O threads for reactive ones.
	 */
	void setWorkerType(WorkerType workerType);

	void addBuilderCustomizers(UndertideBuilderCustomizer... customizers);

}
