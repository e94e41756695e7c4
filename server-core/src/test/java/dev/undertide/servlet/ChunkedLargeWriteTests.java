package dev.undertide.servlet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.undertide.testing.LargeResponses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body of unknown length written in one large write, blocking or through a WriteListener, goes out
 * chunked; a slow reader, whose socket takes a little at a time, gets every byte in order and the
 * connection serves the next request.
 */
class ChunkedLargeWriteTests {

	private static final byte[] BODY = LargeResponses.pattern(8 * 1024 * 1024);

	private RunningServletServer server;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("blocking", new BlockingServlet()).addMapping("/blocking");
			context.addServlet("non-blocking", new NonBlockingServlet()).setAsyncSupported(true);
			context.getServletRegistration("non-blocking").addMapping("/non-blocking");
		}));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/blocking", "/non-blocking" })
	void slowReaderGetsEveryByteInOrder(String path) throws Exception {
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(16 * 1024);
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()));
			socket.setSoTimeout(15_000);
			byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < 2; i++) {
				socket.getOutputStream().write(request);
				LargeResponses.Response response = LargeResponses.readSlowly(socket.getInputStream());
				assertThat(response.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
				assertThat(response.body()).isEqualTo(BODY);
			}
		}
	}

	static class BlockingServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.getOutputStream().write(BODY);
		}

	}

	static class NonBlockingServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			AsyncContext async = request.startAsync();
			ServletOutputStream out = response.getOutputStream();
			out.setWriteListener(new WriteListener() {

				private boolean written;

				@Override
				public void onWritePossible() throws IOException {
					if (!this.written) {
						this.written = true;
						out.write(BODY);
					}
					if (out.isReady()) {
						async.complete();
					}
				}

				@Override
				public void onError(Throwable failure) {
					async.complete();
				}

			});
		}

	}

}
