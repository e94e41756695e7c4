package dev.undertide.boot.it.reactive.app;

import io.netty.buffer.UnpooledByteBufAllocator;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.undertide.boot.reactive.UndertideReactiveWebServerFactory;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The WebFlux application the reactive integration tests run against: annotated controllers and a
 * functional route. Its buffers come from an allocator that counts the bytes it has handed out and not
 * had back, so tests can see that the server holds little and leaks nothing.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ ReactiveApiController.class, ReactiveStreamController.class })
public class ReactiveTestApplication {

	/** Heap buffers only, counted: {@code metric().usedHeapMemory()} is what is allocated and not released. */
	public static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false);

	@Bean
	WebServerFactoryCustomizer<UndertideReactiveWebServerFactory> countedBuffers() {
		return (factory) -> factory.setBufferFactory(new NettyDataBufferFactory(ALLOCATOR));
	}

	@Bean
	RouterFunction<ServerResponse> functionalRoutes() {
		return route().GET("/fn/hello/{name}",
				(request) -> ServerResponse.ok().bodyValue("functional hello " + request.pathVariable("name")))
			.build();
	}

}
