package dev.undertide.boot.shutdown;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.server.ServerStatistics;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the shutdown tests share: closing an application as its shutdown hook would, on a thread of its own,
 * and watching its server and clients meanwhile.
 */
final class Shutdowns {

	/** One connection per concurrent request, as HTTP/1.1 clients do. */
	private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** What Undertide logs when a graceful shutdown ends with no request in flight. */
	static final String REPORTED_IDLE = "Graceful shutdown complete";

	/** What Undertide logs when the server is stopped with requests still in flight. */
	static final String REPORTED_REQUESTS_ACTIVE = "Graceful shutdown aborted with one or more requests still active";

	private Shutdowns() {
	}

	/** {@code context.close()} on another thread, as Spring Boot's shutdown hook runs it; done when it returns. */
	static CompletableFuture<Void> closeInBackground(ConfigurableApplicationContext context) {
		CompletableFuture<Void> closed = new CompletableFuture<>();
		Thread closing = new Thread(() -> {
			try {
				context.close();
				closed.complete(null);
			}
			catch (Throwable ex) {
				closed.completeExceptionally(ex);
			}
		}, "closing-" + context.getId());
		closing.setDaemon(true);
		closing.start();
		return closed;
	}

	static void awaitDraining(UndertideWebServer webServer) throws InterruptedException {
		await("the server to start draining",
				() -> webServer.getServer().getStatistics().state() == ServerStatistics.State.DRAINING);
	}

	static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 10 s for " + what).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	static void assertConnectionRefused(int port) {
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
	}

	static CompletableFuture<HttpResponse<String>> send(int port, String path) {
		return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				BodyHandlers.ofString());
	}

	static List<CompletableFuture<HttpResponse<String>>> send(int port, String path, int requests) {
		return IntStream.range(0, requests).mapToObj((i) -> send(port, path)).toList();
	}

	/** Reads until {@code expected} has arrived. */
	static void readUntil(InputStream in, StringBuilder received, String expected) throws IOException {
		byte[] buffer = new byte[1024];
		while (received.indexOf(expected) < 0) {
			int read = in.read(buffer);
			assertThat(read).as("end of stream before '%s' in: %s", expected, received).isNotNegative();
			received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
		}
	}

	/** Until the server closes the connection; a reset counts as a close. */
	static void readToTheEnd(InputStream in, StringBuilder received) throws IOException {
		byte[] buffer = new byte[1024];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
			}
		}
		catch (SocketException ex) {
			// Reset: the stream was cut all the same.
		}
	}

}
