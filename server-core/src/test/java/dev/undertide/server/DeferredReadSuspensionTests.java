package dev.undertide.server;

import java.io.InputStream;
import java.net.Socket;

import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.undertide.server.RawSocket.await;
import static dev.undertide.server.RawSocket.connect;
import static dev.undertide.server.RawSocket.readResponse;
import static dev.undertide.server.RawSocket.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kept-alive connection stays registered for reads while its request runs on a worker thread: what the
 * client sends meanwhile, bytes or the end of its stream, must still be seen, once, after that request.
 */
class DeferredReadSuspensionTests {

	private UndertideServer server;

	@BeforeEach
	void start() {
		this.server = UndertideServer.builder().host("127.0.0.1").port(0).handler(this::handle).build();
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void requestSentWhileThePreviousOneRunsIsAnsweredAfterIt() throws Exception {
		try (Socket socket = connect(this.server)) {
			InputStream in = socket.getInputStream();
			for (int i = 0; i < 3; i++) {
				send(socket, "GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
				Thread.sleep(100);
				send(socket, "GET /quick HTTP/1.1\r\nHost: test\r\n\r\n");
				assertThat(readResponse(in)).endsWith("slow");
				assertThat(readResponse(in)).endsWith("quick");
			}
		}
	}

	@Test
	void requestsInTurnOnOneConnectionAreAllAnswered() throws Exception {
		try (Socket socket = connect(this.server)) {
			for (int i = 0; i < 500; i++) {
				send(socket, "GET /quick HTTP/1.1\r\nHost: test\r\n\r\n");
				assertThat(readResponse(socket.getInputStream())).endsWith("quick");
			}
		}
	}

	@Test
	void clientThatClosesWhileItsRequestRunsGetsItsConnectionClosedAfterIt() throws Exception {
		try (Socket socket = connect(this.server)) {
			send(socket, "GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
			Thread.sleep(100);
			socket.shutdownOutput();
			InputStream in = socket.getInputStream();
			assertThat(readResponse(in)).endsWith("slow");
			assertThat(in.read()).isEqualTo(-1);
		}
		await(() -> this.server.getStatistics().connections().active() == 0);
	}

	private void handle(HttpServerExchange exchange) {
		exchange.dispatch(() -> {
			if (exchange.getRequestPath().equals("/slow")) {
				try {
					Thread.sleep(400);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			exchange.getResponseSender().send(exchange.getRequestPath().substring(1));
		});
	}

}
