package dev.undertide.boot.autoconfigure;

import java.time.Duration;

import dev.undertide.boot.ConfigurableUndertideWebServerFactory;
import dev.undertide.boot.WorkerType;
import dev.undertide.boot.servlet.UndertideServletWebServerFactory;
import dev.undertide.server.AccessLogPattern;
import dev.undertide.server.AccessLogSettings;
import dev.undertide.server.VirtualThreads;
import io.undertow.UndertowOptions;
import org.xnio.Option;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@code server.*} and {@code server.undertow.*} properties to an Undertide factory.
 */
public class UndertideWebServerFactoryCustomizer
		implements WebServerFactoryCustomizer<ConfigurableUndertideWebServerFactory>, Ordered {

	/** Resolves {@code auto} for servlet applications; reactive ones leave it to their factory. */
	private WorkerType workerType(WorkerType type, ConfigurableUndertideWebServerFactory factory) {
		boolean servlet = factory instanceof ConfigurableServletWebServerFactory;
		return switch (type) {
			case AUTO -> {
				if (!servlet) {
					yield WorkerType.AUTO;
				}
				yield (Threading.VIRTUAL.isActive(this.environment) && VirtualThreads.isAvailable())
						? WorkerType.VIRTUAL : WorkerType.PLATFORM;
			}
			case PLATFORM -> WorkerType.PLATFORM;
			case VIRTUAL -> {
				if (!VirtualThreads.isAvailable()) {
					throw new InvalidServerPropertyException("server.undertow.worker.type", "virtual",
							"virtual threads need Java 21 or later and this JVM is Java " + Runtime.version().feature(),
							servlet ? "auto, platform" : "auto, platform, io");
				}
				yield WorkerType.VIRTUAL;
			}
			case IO -> {
				if (servlet) {
					throw new InvalidServerPropertyException("server.undertow.worker.type", "io",
							"'io' runs handlers on the I/O threads, which only reactive applications can do",
							"auto, platform, virtual");
				}
				yield WorkerType.IO;
			}
		};
	}

	private static int positive(String property, int value) {
		if (value < 1) {
			throw new InvalidServerPropertyException(property, Integer.toString(value), "it must be at least 1",
					"a whole number of 1 or more");
		}
		return value;
	}

	private static int notNegative(String property, int value) {
		if (value < 0) {
			throw new InvalidServerPropertyException(property, Integer.toString(value), "it must not be negative",
					"a whole number of 0 or more");
		}
		return value;
	}

	private static long notNegative(String property, DataSize value) {
		if (value.isNegative()) {
			throw new InvalidServerPropertyException(property, value.toString(), "it must not be negative",
					"a size of 0 or more such as 0, 16KB or 1MB");
		}
		return value.toBytes();
	}

	private static Duration positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidServerPropertyException(property, value.toString(), "it must be longer than zero",
					"a positive duration such as 500ms or 30s");
		}
		return value;
	}

	private static AccessLogSettings accessLog(UndertideServerProperties.Accesslog accesslog) {
		String prefix = fileNamePart("server.undertow.accesslog.prefix", accesslog.getPrefix());
		String suffix = fileNamePart("server.undertow.accesslog.suffix", accesslog.getSuffix());
		if (prefix.isEmpty() && suffix.isEmpty()) {
			throw new InvalidServerPropertyException("server.undertow.accesslog.prefix", prefix,
					"server.undertow.accesslog.suffix is empty too, so the log file would have no name",
					"a non-empty start of the file name, such as 'access_log.'");
		}
		return new AccessLogSettings(accesslog.getDir().toPath(), prefix, suffix,
				accessLogPattern(accesslog.getPattern()), accesslog.isRotate());
	}

	private static String fileNamePart(String property, String value) {
		if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
			throw new InvalidServerPropertyException(property, value,
					"it is part of a file name; the directory is server.undertow.accesslog.dir",
					"text without '/' or '\\'");
		}
		return value;
	}

	private static AccessLogPattern accessLogPattern(String pattern) {
		try {
			return AccessLogPattern.parse(pattern);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidServerPropertyException("server.undertow.accesslog.pattern", pattern, ex.getMessage(),
					"common, combined, commonobf, combinedobf, or text with undertow's tokens: %a %A %b %B %h %H %l "
							+ "%m %p %q %r %s %t %u %U %v %D %T %I, %{i,Name} %{o,Name} %{c,Name} and %{REQUEST_ID}");
		}
	}

	private static <T> void serverOption(ConfigurableUndertideWebServerFactory factory, Option<T> option, T value) {
		factory.addBuilderCustomizers((builder) -> builder.serverOption(option, value));
	}

	private final Environment environment;

	private final ServerProperties serverProperties;

	private final UndertideServerProperties undertideProperties;

	public UndertideWebServerFactoryCustomizer(Environment environment, ServerProperties serverProperties,
			UndertideServerProperties undertideProperties) {
		this.environment = environment;
		this.serverProperties = serverProperties;
		this.undertideProperties = undertideProperties;
	}

	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public void customize(ConfigurableUndertideWebServerFactory factory) {
		PropertyMapper map = PropertyMapper.get();
		UndertideServerProperties properties = this.undertideProperties;
		factory.setWorkerType(workerType(properties.getWorker().getType(), factory));
		map.from(properties.getThreads()::getIo)
			.as((value) -> positive("server.undertow.threads.io", value))
			.to(factory::setIoThreads);
		map.from(properties.getThreads()::getWorker)
			.as((value) -> positive("server.undertow.threads.worker", value))
			.to(factory::setWorkerThreads);
		map.from(properties::getBufferSize)
			.asInt(DataSize::toBytes)
			.as((value) -> positive("server.undertow.buffer-size", value))
			.to(factory::setBufferSize);
		map.from(properties::getDirectBuffers).to(factory::setDirectBuffers);
		map.from(properties::getMaxHttpPostSize)
			.as(DataSize::toBytes)
			.when((bytes) -> bytes > 0)
			.to(factory::setMaxRequestBodySize);
		map.from(properties::getMaxParameters)
			.as((value) -> positive("server.undertow.max-parameters", value))
			.to(factory::setMaxParameters);
		map.from(properties::getMaxHeaders)
			.as((value) -> positive("server.undertow.max-headers", value))
			.to((max) -> serverOption(factory, UndertowOptions.MAX_HEADERS, max));
		map.from(properties::getMaxCookies)
			.as((value) -> positive("server.undertow.max-cookies", value))
			.to((max) -> serverOption(factory, UndertowOptions.MAX_COOKIES, max));
		serverOption(factory, UndertowOptions.DECODE_URL, properties.isDecodeUrl());
		boolean decodeSlash = (properties.getDecodeSlash() != null) ? properties.getDecodeSlash()
				: properties.isAllowEncodedSlash();
		serverOption(factory, UndertowOptions.DECODE_SLASH, decodeSlash);
		serverOption(factory, UndertowOptions.ALLOW_ENCODED_SLASH, decodeSlash);
		serverOption(factory, UndertowOptions.URL_CHARSET, properties.getUrlCharset().name());
		serverOption(factory, UndertowOptions.ALWAYS_SET_KEEP_ALIVE, properties.isAlwaysSetKeepAlive());
		map.from(properties::getNoRequestTimeout)
			.asInt(Duration::toMillis)
			.to((millis) -> serverOption(factory, UndertowOptions.NO_REQUEST_TIMEOUT, millis));
		UndertideServerProperties.Timeouts timeouts = properties.getTimeouts();
		map.from(timeouts::getIdle)
			.as((value) -> positive("server.undertow.timeouts.idle", value))
			.asInt(Duration::toMillis)
			.to((millis) -> serverOption(factory, UndertowOptions.NO_REQUEST_TIMEOUT, millis));
		map.from(timeouts::getRequestHeader)
			.as((value) -> positive("server.undertow.timeouts.request-header", value))
			.to(factory::setRequestHeaderTimeout);
		UndertideServerProperties.Backpressure backpressure = properties.getBackpressure();
		map.from(backpressure::getMaxConnections)
			.when((value) -> value != -1)
			.as((value) -> positive("server.undertow.backpressure.max-connections", value))
			.to(factory::setMaxConnections);
		map.from(backpressure::getMaxPipelined)
			.when((value) -> value != -1)
			.as((value) -> notNegative("server.undertow.backpressure.max-pipelined", value))
			.to(factory::setMaxPipelined);
		map.from(properties.getBuffering()::getRequestBody)
			.as((value) -> notNegative("server.undertow.buffering.request-body", value))
			.to(factory::setRequestBodyBuffer);
		if (factory instanceof UndertideServletWebServerFactory servletFactory) {
			map.from(properties.getBuffering()::getResponseBuffer)
				.asInt(DataSize::toBytes)
				.as((value) -> notNegative("server.undertow.buffering.response-buffer", value))
				.to(servletFactory::setResponseBufferSize);
			servletFactory.setEagerFilterInit(properties.isEagerFilterInit());
			servletFactory.setPreservePathOnForward(properties.isPreservePathOnForward());
		}
		if (backpressure.getMaxConcurrentRequests() != -1) {
			factory.setConcurrencyLimit(
					positive("server.undertow.backpressure.max-concurrent-requests", backpressure.getMaxConcurrentRequests()),
					notNegative("server.undertow.backpressure.queue-size", backpressure.getQueueSize()),
					positive("server.undertow.backpressure.queue-timeout", backpressure.getQueueTimeout()),
					positive("server.undertow.backpressure.retry-after", backpressure.getRetryAfter()));
		}
		map.from(timeouts::getRead)
			.as((value) -> positive("server.undertow.timeouts.read", value))
			.to(factory::setReadTimeout);
		map.from(timeouts::getWrite)
			.as((value) -> positive("server.undertow.timeouts.write", value))
			.to(factory::setWriteTimeout);
		map.from(timeouts::getLinger)
			.as((value) -> positive("server.undertow.timeouts.linger", value))
			.to(factory::setLinger);
		properties.getOptions()
			.getServer()
			.forEach((name, value) -> factory.addBuilderCustomizers(NamedOption.server(name, value)::applyTo));
		properties.getOptions()
			.getSocket()
			.forEach((name, value) -> factory.addBuilderCustomizers(NamedOption.socket(name, value)::applyTo));
		map.from(this.serverProperties::getMaxHttpRequestHeaderSize)
			.asInt(DataSize::toBytes)
			.when((bytes) -> bytes > 0)
			.to(factory::setMaxRequestHeaderSize);
		map.from(properties::getAccesslog)
			.when(UndertideServerProperties.Accesslog::isEnabled)
			.as(UndertideWebServerFactoryCustomizer::accessLog)
			.to(factory::setAccessLog);
	}

}
