package dev.undertide.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/1.x connection management (RFC 9112 §9) over raw sockets.
 */
class Http1ConnectionRulesTests {

	private static final int LARGE = 100_000;

	private RunningServletServer server;

	@BeforeEach
	void start() throws ServletException {
		this.server = RunningServletServer.start(new ServletDeployment().startup((context) -> {
			context.addServlet("echo", new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					if (request.getParameter("large") != null) {
						response.getOutputStream().write(new byte[LARGE]);
						return;
					}
					response.getWriter().print("answer:" + request.getPathInfo());
				}
			}).addMapping("/echo/*");
		}));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void http10WithoutKeepAliveIsClosedAfterTheResponse() throws Exception {
		try (Socket socket = connect()) {
			send(socket, "GET /echo/one HTTP/1.0\r\n\r\n");
			String answer = readToEnd(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.0 200").endsWith("answer:/one");
		}
	}

	@Test
	void http10WithKeepAliveStaysOpenForTheNextRequest() throws Exception {
		try (Socket socket = connect()) {
			send(socket, "GET /echo/one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
			assertThat(readUntil(socket.getInputStream(), "answer:/one")).contains("Content-Length");
			send(socket, "GET /echo/two HTTP/1.0\r\n\r\n");
			assertThat(readToEnd(socket.getInputStream())).endsWith("answer:/two");
		}
	}

	@Test
	void bodyOfUnknownLengthForHttp10IsDelimitedByClosingTheConnection() throws Exception {
		try (Socket socket = connect()) {
			send(socket, "GET /echo/x?large HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
			byte[] all = readToEnd(socket.getInputStream()).getBytes(StandardCharsets.ISO_8859_1);
			String text = new String(all, StandardCharsets.ISO_8859_1);
			assertThat(text).startsWith("HTTP/1.0 200").doesNotContain("Transfer-Encoding");
			assertThat(all.length - (text.indexOf("\r\n\r\n") + 4)).isEqualTo(LARGE);
		}
	}

	@Test
	void clientThatHalfClosesAfterItsRequestStillGetsTheWholeResponse() throws Exception {
		try (Socket socket = connect()) {
			send(socket, "GET /echo/x?large HTTP/1.1\r\nHost: test\r\n\r\n");
			socket.shutdownOutput();
			String text = readToEnd(socket.getInputStream());
			assertThat(text).startsWith("HTTP/1.1 200");
			int bodyStart = text.indexOf("\r\n\r\n") + 4;
			assertThat(text.length() - bodyStart).isGreaterThanOrEqualTo(LARGE);
		}
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrder() throws Exception {
		try (Socket socket = connect()) {
			send(socket, "GET /echo/1 HTTP/1.1\r\nHost: t\r\n\r\nGET /echo/2 HTTP/1.1\r\nHost: t\r\n\r\n"
					+ "GET /echo/3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
			String answers = readToEnd(socket.getInputStream());
			assertThat(answers.indexOf("answer:/1")).isPositive()
				.isLessThan(answers.indexOf("answer:/2"))
				.isLessThan(answers.indexOf("answer:/3"));
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.server.port());
		socket.setSoTimeout(5000);
		return socket;
	}

	private static void send(Socket socket, String request) throws IOException {
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	private static String readToEnd(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	private static String readUntil(InputStream in, String marker) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		while (!received.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
			int read;
			try {
				read = in.read(buffer);
			}
			catch (SocketTimeoutException ex) {
				throw new IOException("No '" + marker + "' within the timeout; got: " + received, ex);
			}
			if (read < 0) {
				throw new IOException("Closed before '" + marker + "'; got: " + received);
			}
			received.write(buffer, 0, read);
		}
		return received.toString(StandardCharsets.ISO_8859_1);
	}

}
