package dev.undertide.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

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

	private final Threads threads = new Threads();

	private final Options options = new Options();

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

	public Options getOptions() {
		return this.options;
	}

	public Threads getThreads() {
		return this.threads;
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
		 * available processors, at least 2.
		 */
		private @Nullable Integer io;

		/**
		 * Number of worker threads that run blocking application code. Default: eight per I/O thread.
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

}
