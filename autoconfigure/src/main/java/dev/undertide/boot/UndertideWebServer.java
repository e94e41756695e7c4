package dev.undertide.boot;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.undertide.server.ServerStartException;
import dev.undertide.server.UndertideServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * A {@link WebServer} around an {@link UndertideServer}. {@link #stop()} closes the listener and can be
 * followed by {@link #start()}; {@link #destroy()} also releases what the application deployed, through
 * the {@code onDestroy} action.
 */
public class UndertideWebServer implements WebServer {

	private static final Log logger = LogFactory.getLog(UndertideWebServer.class);

	private final Object monitor = new Object();

	private final UndertideServer server;

	private final int configuredPort;

	private final @Nullable String contextPath;

	private final boolean gracefulShutdown;

	private final Runnable onDestroy;

	private final AtomicReference<@Nullable GracefulShutdownCallback> shutdownCallback = new AtomicReference<>();

	private boolean destroyed;

	/**
	 * @param contextPath the context path to report in the start-up log, or {@code null} for none
	 * @param gracefulShutdown whether {@link #shutDownGracefully} lets requests in flight finish
	 * @param onDestroy what to release when the server is destroyed, after it stopped
	 */
	public UndertideWebServer(UndertideServer server, int configuredPort, @Nullable String contextPath,
			boolean gracefulShutdown, Runnable onDestroy) {
		this.server = server;
		this.configuredPort = configuredPort;
		this.contextPath = contextPath;
		this.gracefulShutdown = gracefulShutdown;
		this.onDestroy = onDestroy;
	}

	@Override
	public void start() throws WebServerException {
		synchronized (this.monitor) {
			if (this.server.isRunning()) {
				return;
			}
			try {
				this.server.start();
			}
			catch (ServerStartException ex) {
				PortInUseException.throwIfPortBindingException(ex, () -> this.configuredPort);
				throw new WebServerException("Unable to start Undertide", ex);
			}
			logger.info(startedMessage());
		}
	}

	private String startedMessage() {
		List<InetSocketAddress> addresses = this.server.getListenerAddresses();
		String scheme = this.server.isSecure() ? " (https)" : " (http)";
		String ports = addresses.stream()
			.map((address) -> address.getPort() + scheme)
			.collect(Collectors.joining(", "));
		StringBuilder message = new StringBuilder("Undertide started on port");
		message.append((addresses.size() == 1) ? " " : "s ").append(ports);
		if (this.contextPath != null) {
			message.append(" with context path '").append(this.contextPath.isEmpty() ? "/" : this.contextPath).append("'");
		}
		return message.toString();
	}

	/**
	 * Stops accepting connections and lets requests in flight finish (async ones included); requests that
	 * arrive on open connections meanwhile are answered and their connections closed. The callback hears
	 * {@code IDLE} once none is in flight, or {@code REQUESTS_ACTIVE} if {@link #stop()} comes first.
	 */
	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		if (!this.gracefulShutdown) {
			callback.shutdownComplete(GracefulShutdownResult.IMMEDIATE);
			return;
		}
		logger.info("Commencing graceful shutdown. Waiting for active requests to complete");
		this.shutdownCallback.set(callback);
		this.server.shutDownGracefully(() -> shutdownComplete(GracefulShutdownResult.IDLE));
	}

	private void shutdownComplete(GracefulShutdownResult result) {
		GracefulShutdownCallback callback = this.shutdownCallback.getAndSet(null);
		if (callback != null) {
			logger.info((result == GracefulShutdownResult.IDLE) ? "Graceful shutdown complete"
					: "Graceful shutdown aborted with one or more requests still active");
			callback.shutdownComplete(result);
		}
	}

	@Override
	public void stop() throws WebServerException {
		synchronized (this.monitor) {
			shutdownComplete(GracefulShutdownResult.REQUESTS_ACTIVE);
			this.server.stop();
		}
	}

	@Override
	public void destroy() {
		synchronized (this.monitor) {
			stop();
			if (!this.destroyed) {
				this.destroyed = true;
				this.onDestroy.run();
			}
		}
	}

	/** The bound port while running, else -1. */
	@Override
	public int getPort() {
		List<InetSocketAddress> addresses = this.server.getListenerAddresses();
		return addresses.isEmpty() ? -1 : addresses.get(0).getPort();
	}

	public UndertideServer getServer() {
		return this.server;
	}

	/**
	 * The Undertide web server of an application context, servlet or reactive; {@code null} when the context
	 * has no web server (yet) or runs on another one.
	 */
	public static @Nullable UndertideWebServer of(ApplicationContext context) {
		if (context instanceof WebServerApplicationContext webContext
				&& webContext.getWebServer() instanceof UndertideWebServer undertide) {
			return undertide;
		}
		return null;
	}

}
