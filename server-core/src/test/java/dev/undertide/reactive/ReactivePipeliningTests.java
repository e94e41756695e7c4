package dev.undertide.reactive;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.undertide.server.UndertideServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelined requests to a reactive handler, which answers on the I/O thread that read the request.
 */
class ReactivePipeliningTests {

	private UndertideServer server;

	@BeforeEach
	void start() {
		ReactiveHttpHandlerAdapter answerWithPath = new ReactiveHttpHandlerAdapter((request, response) -> {
			byte[] body = ("answer:" + request.getPath()).getBytes(StandardCharsets.US_ASCII);
			response.getHeaders().setContentLength(body.length);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
		});
		this.server = UndertideServer.builder().host("127.0.0.1").port(0).handler(answerWithPath).build();
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	/**
	 * undertow holds back the answers to pipelined requests until the last of them has been read; closing
	 * the connection after that last one must write them all out first. Each answer declares its length, so
	 * undertow ends its exchange as soon as the body is written, while it is still held back.
	 */
	@Test
	void answersHeldBackForPipelinedRequestsAreWrittenBeforeTheConnectionCloses() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.server.getListenerAddresses().get(0).getPort())) {
			socket.setSoTimeout(5000);
			socket.getOutputStream()
				.write(("GET /one HTTP/1.1\r\nHost: t\r\n\r\nGET /two HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(answers.indexOf("answer:/one")).isPositive().isLessThan(answers.indexOf("answer:/two"));
		}
	}

}
