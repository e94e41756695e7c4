package dev.undertide.boot.autoconfigure;

import dev.undertide.boot.ConfigurableUndertideWebServerFactory;
import io.undertow.UndertowOptions;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@code server.*} and {@code server.undertow.*} properties to an Undertide factory.
 */
public class UndertideWebServerFactoryCustomizer
		implements WebServerFactoryCustomizer<ConfigurableUndertideWebServerFactory>, Ordered {

	private final ServerProperties serverProperties;

	private final UndertideServerProperties undertideProperties;

	public UndertideWebServerFactoryCustomizer(ServerProperties serverProperties,
			UndertideServerProperties undertideProperties) {
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
		UndertideServerProperties.Threads threads = this.undertideProperties.getThreads();
		map.from(threads::getIo).to(factory::setIoThreads);
		map.from(threads::getWorker).to(factory::setWorkerThreads);
		map.from(this.undertideProperties::getBufferSize).asInt(DataSize::toBytes).to(factory::setBufferSize);
		map.from(this.undertideProperties::getDirectBuffers).to(factory::setDirectBuffers);
		map.from(this.undertideProperties::getMaxHttpPostSize)
			.as(DataSize::toBytes)
			.when((bytes) -> bytes > 0)
			.to(factory::setMaxRequestBodySize);
		map.from(this.undertideProperties::getMaxParameters).to(factory::setMaxParameters);
		map.from(this.undertideProperties::getMaxHeaders)
			.to((max) -> factory.addBuilderCustomizers((builder) -> builder.setServerOption(UndertowOptions.MAX_HEADERS, max)));
		map.from(this.undertideProperties::getMaxCookies)
			.to((max) -> factory.addBuilderCustomizers((builder) -> builder.setServerOption(UndertowOptions.MAX_COOKIES, max)));
		UndertideServerProperties.Options options = this.undertideProperties.getOptions();
		options.getServer().forEach((name, value) -> factory.addBuilderCustomizers(
				NamedOption.server(name, value)::applyTo));
		options.getSocket().forEach((name, value) -> factory.addBuilderCustomizers(
				NamedOption.socket(name, value)::applyTo));
		map.from(this.serverProperties::getMaxHttpRequestHeaderSize)
			.asInt(DataSize::toBytes)
			.when((bytes) -> bytes > 0)
			.to(factory::setMaxRequestHeaderSize);
	}

}
