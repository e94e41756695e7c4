package dev.undertide.boot.reactive;

import java.util.concurrent.ExecutorService;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.UndertideWebServerFactory;
import dev.undertide.boot.WorkerType;
import dev.undertide.reactive.ReactiveHttpHandlerAdapter;
import dev.undertide.server.VirtualThreads;

import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.reactive.ConfigurableReactiveWebServerFactory;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * A {@link org.springframework.boot.web.server.reactive.ReactiveWebServerFactory} that runs a WebFlux
 * application natively on undertow-core: Spring's reactive {@link HttpHandler} on undertow's exchange, with
 * no servlet in the path. By default the application runs on the I/O threads, as on Netty.
 */
public class UndertideReactiveWebServerFactory extends UndertideWebServerFactory
		implements ConfigurableReactiveWebServerFactory {

	private DataBufferFactory bufferFactory = DefaultDataBufferFactory.sharedInstance;

	public UndertideReactiveWebServerFactory() {
	}

	public UndertideReactiveWebServerFactory(int port) {
		super(port);
	}

	/** Allocates request body buffers; the application's response buffers come from it too. */
	public void setBufferFactory(DataBufferFactory bufferFactory) {
		this.bufferFactory = bufferFactory;
	}

	@Override
	public WebServer getWebServer(HttpHandler httpHandler) {
		WorkerType workerType = getWorkerType();
		ExecutorService virtualWorkers = (workerType == WorkerType.VIRTUAL)
				? VirtualThreads.newExecutor("undertide-worker") : null;
		boolean onIoThreads = (workerType == WorkerType.AUTO || workerType == WorkerType.IO);
		ReactiveHttpHandlerAdapter adapter = new ReactiveHttpHandlerAdapter(httpHandler, this.bufferFactory,
				onIoThreads, virtualWorkers);
		Runnable release = () -> {
			if (virtualWorkers != null) {
				virtualWorkers.shutdown();
			}
		};
		try {
			return new UndertideWebServer(createServer(adapter), getPort(), null, getShutdown() == Shutdown.GRACEFUL,
					release);
		}
		catch (RuntimeException ex) {
			release.run();
			throw ex;
		}
	}

}
