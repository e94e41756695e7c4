package dev.undertide.boot;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import dev.undertide.server.AccessLogSettings;
import dev.undertide.server.CompressionSettings;
import dev.undertide.server.RefusalResponder;
import dev.undertide.server.TlsSettings;
import dev.undertide.server.UndertideServer;
import io.undertow.server.HttpHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Ssl;

/**
 * Base class of the Undertide factories: the listener, threads, buffers and builder customizers they
 * share.
 */
public abstract class UndertideWebServerFactory extends AbstractConfigurableWebServerFactory
		implements ConfigurableUndertideWebServerFactory {

	private @Nullable Integer ioThreads;

	private @Nullable Integer workerThreads;

	private @Nullable Integer bufferSize;

	private @Nullable Boolean directBuffers;

	private @Nullable Integer maxRequestHeaderSize;

	private @Nullable Long maxRequestBodySize;

	private @Nullable Integer maxParameters;

	private WorkerType workerType = WorkerType.AUTO;

	private @Nullable Integer maxConnections;

	private @Nullable Duration requestHeaderTimeout;

	private @Nullable Duration readTimeout;

	private @Nullable Duration writeTimeout;

	private @Nullable Long requestBodyBuffer;

	private @Nullable Integer maxPipelined;

	private @Nullable Duration linger;

	private @Nullable Consumer<UndertideServer.Builder> concurrencyLimit;

	private @Nullable AccessLogSettings accessLog;

	private final List<UndertideBuilderCustomizer> builderCustomizers = new ArrayList<>();

	protected UndertideWebServerFactory() {
	}

	protected UndertideWebServerFactory(int port) {
		super(port);
	}

	@Override
	public void setIoThreads(int ioThreads) {
		this.ioThreads = ioThreads;
	}

	@Override
	public void setWorkerThreads(int workerThreads) {
		this.workerThreads = workerThreads;
	}

	@Override
	public void setBufferSize(int bufferSize) {
		this.bufferSize = bufferSize;
	}

	@Override
	public void setDirectBuffers(boolean directBuffers) {
		this.directBuffers = directBuffers;
	}

	@Override
	public void setMaxRequestHeaderSize(int bytes) {
		this.maxRequestHeaderSize = bytes;
	}

	@Override
	public void setMaxRequestBodySize(long bytes) {
		this.maxRequestBodySize = bytes;
	}

	@Override
	public void setMaxParameters(int maxParameters) {
		this.maxParameters = maxParameters;
	}

	@Override
	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	@Override
	public void setRequestHeaderTimeout(Duration requestHeaderTimeout) {
		this.requestHeaderTimeout = requestHeaderTimeout;
	}

	@Override
	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	@Override
	public void setRequestBodyBuffer(long bytes) {
		this.requestBodyBuffer = bytes;
	}

	@Override
	public void setMaxPipelined(int maxPipelined) {
		this.maxPipelined = maxPipelined;
	}

	@Override
	public void setWriteTimeout(Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
	}

	public @Nullable Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	@Override
	public void setLinger(Duration linger) {
		this.linger = linger;
	}

	@Override
	public void setConcurrencyLimit(int maxConcurrent, int queueSize, Duration queueTimeout, Duration retryAfter) {
		this.concurrencyLimit = (builder) -> builder.concurrencyLimit(maxConcurrent, queueSize, queueTimeout,
				retryAfter);
	}

	@Override
	public void setAccessLog(AccessLogSettings accessLog) {
		this.accessLog = accessLog;
	}

	/** The access log settings, or {@code null} when the server writes no access log. */
	public @Nullable AccessLogSettings getAccessLog() {
		return this.accessLog;
	}

	@Override
	public void setWorkerType(WorkerType workerType) {
		this.workerType = workerType;
	}

	public WorkerType getWorkerType() {
		return this.workerType;
	}

	@Override
	public void addBuilderCustomizers(UndertideBuilderCustomizer... customizers) {
		this.builderCustomizers.addAll(Arrays.asList(customizers));
	}

	public List<UndertideBuilderCustomizer> getBuilderCustomizers() {
		return this.builderCustomizers;
	}

	/** Builds the server for a root handler, answering refused requests in plain text. */
	protected UndertideServer createServer(HttpHandler handler) {
		return createServer(handler, RefusalResponder.PLAIN_TEXT);
	}

	/**
	 * Builds the server for a root handler, answering requests refused before they reach it (a 503 under
	 * the concurrency limit) with {@code refusals}; refuses settings Undertide cannot honour yet.
	 */
	protected UndertideServer createServer(HttpHandler handler, RefusalResponder refusals) {
		checkSupported();
		UndertideServer.Builder builder = UndertideServer.builder()
			.port(Math.max(getPort(), 0))
			.handler(handler)
			.refusalResponder(refusals);
		InetAddress address = getAddress();
		if (address != null) {
			builder.host(address.getHostAddress());
		}
		if (this.ioThreads != null) {
			builder.ioThreads(this.ioThreads);
		}
		if (this.workerThreads != null) {
			builder.workerThreads(this.workerThreads);
		}
		if (this.bufferSize != null) {
			builder.bufferSize(this.bufferSize);
		}
		if (this.directBuffers != null) {
			builder.directBuffers(this.directBuffers);
		}
		if (this.maxRequestHeaderSize != null) {
			builder.maxRequestHeadSize(this.maxRequestHeaderSize);
		}
		if (this.maxRequestBodySize != null) {
			builder.maxRequestBodySize(this.maxRequestBodySize);
		}
		if (this.maxParameters != null) {
			builder.maxParameters(this.maxParameters);
		}
		if (this.linger != null) {
			builder.linger(this.linger);
		}
		if (this.requestHeaderTimeout != null) {
			builder.requestHeaderTimeout(this.requestHeaderTimeout);
		}
		if (this.readTimeout != null) {
			builder.readTimeout(this.readTimeout);
		}
		if (this.requestBodyBuffer != null) {
			builder.requestBodyBuffer(this.requestBodyBuffer);
		}
		if (this.maxPipelined != null) {
			builder.maxPipelined(this.maxPipelined);
		}
		if (this.writeTimeout != null) {
			builder.writeTimeout(this.writeTimeout);
		}
		if (this.maxConnections != null) {
			builder.maxConnections(this.maxConnections);
		}
		if (this.concurrencyLimit != null) {
			this.concurrencyLimit.accept(builder);
		}
		if (this.accessLog != null) {
			builder.accessLog(this.accessLog);
		}
		Compression compression = getCompression();
		if (compression != null && compression.getEnabled()) {
			builder.compression(new CompressionSettings(compression.getMinResponseSize().toBytes(),
					List.of(compression.getMimeTypes()), listOf(compression.getExcludedUserAgents())));
		}
		Ssl ssl = getSsl();
		if (Ssl.isEnabled(ssl)) {
			builder.tls(tlsSettings(ssl));
		}
		for (UndertideBuilderCustomizer customizer : this.builderCustomizers) {
			customizer.customize(builder);
		}
		return builder.build();
	}

	/** {@code server.ssl.*}, or the SSL bundle it names, as the listener's TLS settings. */
	private TlsSettings tlsSettings(Ssl ssl) {
		if (!getServerNameSslBundles().isEmpty()) {
			throw new IllegalStateException(
					"server.ssl.server-name-bundles is not supported by Undertide yet: remove it and serve one bundle");
		}
		SslBundle bundle = getSslBundle();
		TlsSettings.ClientAuth clientAuth = Ssl.ClientAuth.map(ssl.getClientAuth(), TlsSettings.ClientAuth.NONE,
				TlsSettings.ClientAuth.WANT, TlsSettings.ClientAuth.NEED);
		SslOptions options = bundle.getOptions();
		return new TlsSettings(bundle.createSslContext(), clientAuth, listOf(options.getEnabledProtocols()),
				listOf(options.getCiphers()));
	}

	private static List<String> listOf(String @Nullable [] values) {
		return (values != null) ? List.of(values) : List.of();
	}

	/** Settings that would otherwise be silently ignored fail start-up instead. */
	private void checkSupported() {
		if (getHttp2() != null && getHttp2().isEnabled()) {
			throw new IllegalStateException("server.http2.enabled=true is not supported by Undertide yet");
		}
	}

}
