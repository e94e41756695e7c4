package dev.undertide.boot.shutdown;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.undertide.boot.servlet.UndertideServletWebServerFactory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Graceful shutdown of the Undertide web server: requests in flight finish, no new connection is accepted,
 * and the result is reported truthfully.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownTests {

	private final CountDownLatch requestArrived = new CountDownLatch(1);

	private final CountDownLatch releaseRequest = new CountDownLatch(1);

	private final CompletableFuture<GracefulShutdownResult> result = new CompletableFuture<>();

	private WebServer webServer;

	@AfterEach
	void stop() {
		this.releaseRequest.countDown();
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	@Test
	void requestInFlightCompletesWhileNewConnectionsAreRefused() throws Exception {
		start(Shutdown.GRACEFUL);
		CompletableFuture<HttpResponse<String>> inFlight = send("/slow");
		assertThat(this.requestArrived.await(5, TimeUnit.SECONDS)).isTrue();
		this.webServer.shutDownGracefully(this.result::complete);
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port()).close());
		assertThat(this.result).isNotDone();
		this.releaseRequest.countDown();
		HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("finished");
		assertThat(this.result.get(5, TimeUnit.SECONDS)).isEqualTo(GracefulShutdownResult.IDLE);
	}

	@Test
	void stopBeforeTheRequestsFinishReportsThemActive() throws Exception {
		start(Shutdown.GRACEFUL);
		send("/slow");
		assertThat(this.requestArrived.await(5, TimeUnit.SECONDS)).isTrue();
		this.webServer.shutDownGracefully(this.result::complete);
		this.webServer.stop();
		assertThat(this.result.get(5, TimeUnit.SECONDS)).isEqualTo(GracefulShutdownResult.REQUESTS_ACTIVE);
	}

	@Test
	void requestOnAnOpenConnectionDuringShutdownIsAnsweredAndTheConnectionClosed() throws Exception {
		start(Shutdown.GRACEFUL);
		try (Socket keptAlive = new Socket("127.0.0.1", port())) {
			keptAlive.setSoTimeout(5000);
			send("/slow");
			assertThat(this.requestArrived.await(5, TimeUnit.SECONDS)).isTrue();
			this.webServer.shutDownGracefully(this.result::complete);
			keptAlive.getOutputStream().write("GET /quick HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			String answer = new String(readToEndOfStream(keptAlive.getInputStream()), StandardCharsets.ISO_8859_1);
			assertThat(answer).startsWith("HTTP/1.1 200").contains("Connection: close").endsWith("quick");
		}
	}

	@Test
	void serverStoppedAfterAGracefulShutdownStartsAgain() throws Exception {
		start(Shutdown.GRACEFUL);
		this.webServer.shutDownGracefully(this.result::complete);
		assertThat(this.result.get(5, TimeUnit.SECONDS)).isEqualTo(GracefulShutdownResult.IDLE);
		this.webServer.stop();
		this.webServer.start();
		HttpResponse<String> response = send("/quick").get(5, TimeUnit.SECONDS);
		assertThat(response.body()).isEqualTo("quick");
		assertThat(response.headers().firstValue("Connection")).isNotEqualTo(java.util.Optional.of("close"));
	}

	/**
	 * Connections accepted just before the listening socket closes leave accepts queued for it; they find it
	 * closed, which is no error to report.
	 */
	@Test
	void shutdownDuringABurstOfConnectionsLogsNoWarningOrError(CapturedOutput output) throws Exception {
		for (int round = 0; round < 5; round++) {
			start(Shutdown.GRACEFUL);
			int port = port();
			AtomicBoolean connecting = new AtomicBoolean(true);
			List<Thread> clients = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				Thread client = new Thread(() -> {
					while (connecting.get()) {
						try (Socket socket = new Socket("127.0.0.1", port)) {
							socket.setSoLinger(true, 0);
						}
						catch (IOException ex) {
							// Refused once the shutdown began.
						}
					}
				});
				client.start();
				clients.add(client);
			}
			Thread.sleep(100);
			CompletableFuture<GracefulShutdownResult> drained = new CompletableFuture<>();
			this.webServer.shutDownGracefully(drained::complete);
			assertThat(drained.get(5, TimeUnit.SECONDS)).isEqualTo(GracefulShutdownResult.IDLE);
			connecting.set(false);
			for (Thread client : clients) {
				client.join(5000);
			}
			this.webServer.destroy();
			this.webServer = null;
		}
		assertThat(output).doesNotContain(" WARN ").doesNotContain(" ERROR ").doesNotContain("XNIO001009");
	}

	@Test
	void immediateShutdownReportsAtOnce() throws Exception {
		start(Shutdown.IMMEDIATE);
		this.webServer.shutDownGracefully(this.result::complete);
		assertThat(this.result.get(1, TimeUnit.SECONDS)).isEqualTo(GracefulShutdownResult.IMMEDIATE);
	}

	private void start(Shutdown shutdown) {
		UndertideServletWebServerFactory factory = new UndertideServletWebServerFactory(0);
		factory.setShutdown(shutdown);
		this.webServer = factory.getWebServer((context) -> {
			context.addServlet("slow", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					GracefulShutdownTests.this.requestArrived.countDown();
					try {
						GracefulShutdownTests.this.releaseRequest.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					response.getWriter().print("finished");
				}
			}).addMapping("/slow");
			context.addServlet("quick", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter().print("quick");
				}
			}).addMapping("/quick");
		});
		this.webServer.start();
	}

	private int port() {
		return this.webServer.getPort();
	}

	private CompletableFuture<HttpResponse<String>> send(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build();
		return HttpClient.newHttpClient().sendAsync(request, BodyHandlers.ofString());
	}

	private static byte[] readToEndOfStream(InputStream in) throws IOException {
		return in.readAllBytes();
	}

}
