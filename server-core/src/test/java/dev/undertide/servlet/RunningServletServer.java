package dev.undertide.servlet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.function.Consumer;

import dev.undertide.server.ServerStatistics;
import dev.undertide.server.UndertideServer;
import jakarta.servlet.ServletException;

/**
 * A servlet deployment served by a real Undertide server on a free port, for tests.
 */
final class RunningServletServer implements AutoCloseable {

	private final ServletContainer container;

	private final UndertideServer server;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private RunningServletServer(ServletContainer container, UndertideServer server) {
		this.container = container;
		this.server = server;
	}

	static RunningServletServer start(ServletDeployment deployment) throws ServletException {
		return start(deployment, (builder) -> {
		});
	}

	/** Starts a server that {@code settings} configures further. */
	static RunningServletServer start(ServletDeployment deployment, Consumer<UndertideServer.Builder> settings)
			throws ServletException {
		ServletContainer container = deployment.deploy();
		UndertideServer.Builder builder = UndertideServer.builder()
			.host("127.0.0.1")
			.port(0)
			.handler(container.getHandler());
		settings.accept(builder);
		UndertideServer server = builder.build();
		server.start();
		return new RunningServletServer(container, server);
	}

	int port() {
		return this.server.getListenerAddresses().get(0).getPort();
	}

	ServerStatistics statistics() {
		return this.server.getStatistics();
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port() + path);
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build();
		return this.client.send(request, BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.server.stop();
		this.container.undeploy();
	}

}
